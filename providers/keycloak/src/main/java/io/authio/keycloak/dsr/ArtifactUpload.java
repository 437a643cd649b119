package io.authio.keycloak.dsr;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.http.entity.ContentType;
import org.apache.http.entity.FileEntity;

import io.authio.core.net.Cidr;
import io.authio.core.net.DestinationGuard;
import io.authio.keycloak.http.GuardedHttp;

/**
 * Hands an export bundle to the caller's storage: one HTTP PUT of the file to the presigned URL, with a
 * Content-Length (presigned object-store URLs refuse chunked uploads). The destination passes the same
 * SSRF guard as webhooks, with the realm's delivery allowlist, and the upload goes to the address checked;
 * redirects are not followed.
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
        // connects only to the addresses the guard checks when the client looks the host up (no rebinding window)
        try (GuardedHttp http = new GuardedHttp(url, allowlist, DestinationGuard.SYSTEM, null, Duration.ofSeconds(10), timeout, 1)) {
            GuardedHttp.Answer answer = http.send("PUT", url, Map.of(), new FileEntity(file.toFile(), ContentType.create("application/json")));
            return new Result(answer.status(), answer.status() / 100 == 2 ? null : "the upload answered " + answer.status());
        } catch (GuardedHttp.Refused e) {
            return new Result(0, e.getMessage());
        } catch (IOException | GeneralSecurityException e) {
            return new Result(0, "the upload failed: " + e.getClass().getSimpleName());
        }
    }
}
