package io.authio.keycloak.dsr;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.authio.core.net.Cidr;
import io.authio.core.net.DestinationGuard;

/**
 * Hands an export bundle to the caller's storage: one HTTP PUT of the file to the presigned URL, with a
 * Content-Length (presigned object-store URLs refuse chunked uploads). The destination passes the same
 * SSRF guard as webhooks, with the realm's delivery allowlist; redirects are not followed.
 */
final class ArtifactUpload {

    /** The PUT's result: the status code, or the reason it could not be sent. */
    record Result(int status, String error) {
        boolean succeeded() {
            return status >= 200 && status < 300;
        }
    }

    private ArtifactUpload() {
    }

    /** Checks the URL against the guard; throws with an explanation for the administrator. */
    static void check(URI url, List<Cidr> allowlist) throws DestinationGuard.RefusedDestination {
        new DestinationGuard(allowlist, DestinationGuard.SYSTEM).checkUrl(url);
    }

    static Result put(URI url, Path file, List<Cidr> allowlist, Duration timeout) {
        try {
            check(url, allowlist);
        } catch (DestinationGuard.RefusedDestination e) {
            return new Result(0, e.getMessage());
        }
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        try {
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofFile(file))
                    .build();
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            return new Result(response.statusCode(), response.statusCode() / 100 == 2 ? null : "the upload answered " + response.statusCode());
        } catch (IOException e) {
            return new Result(0, "the upload failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(0, "the upload was interrupted");
        }
    }
}
