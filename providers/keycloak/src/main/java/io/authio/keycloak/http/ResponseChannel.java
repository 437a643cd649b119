package io.authio.keycloak.http;

import java.io.IOException;

import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ServerHttpResponse;

/**
 * The current request's connection as Keycloak's HTTP server (Quarkus REST on Vert.x) sees it, for a response that
 * must know whether its bytes went out. Writes to a connection the client has closed are dropped there without an
 * error, so a streamed response asks here instead. Take it on the request's thread, before streaming.
 */
public final class ResponseChannel {

    private final ServerHttpResponse response;

    private ResponseChannel(ServerHttpResponse response) {
        this.response = response;
    }

    public static ResponseChannel current() {
        ResteasyReactiveRequestContext request = CurrentRequestManager.get();
        return new ResponseChannel(request == null ? null : request.serverResponse());
    }

    /** Fails when the client has closed or reset the connection. */
    public void requireOpen() throws IOException {
        if (response != null && response.closed()) {
            throw new IOException("the client closed the connection");
        }
    }

    /**
     * Waits until what was written has left the server's write queue (handed to the operating system), then fails
     * if the connection is closed: the last check a response can make that its bytes were sent.
     */
    public void awaitSent() throws IOException {
        if (response == null) {
            return;
        }
        try {
            while (!response.closed() && response.isWriteQueueFull()) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while the response was sent");
        }
        requireOpen();
    }
}
