package io.authio.tests.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.authio.tests.support.Json;

/** One request of an attack or the fuzzer, and what its answer must look like. */
final class HostileRequest {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private HostileRequest() {
    }

    /** The answer; {@code what} names the request in failure messages. */
    record Reply(String what, int status, String body, HttpResponse<String> response, boolean html) {

        String header(String name) {
            return response == null ? null : response.headers().firstValue(name).orElse(null);
        }

        /** This exact status, as a refusal (see {@link #expectRefusal}). */
        void expect(int expected, List<String> failures) {
            if (status != expected) {
                failures.add(what + " -> " + status + " (expected " + expected + ") " + abbreviate(body));
                return;
            }
            expectRefusal(failures);
        }

        void expect4xx(List<String> failures) {
            if (status < 400 || status >= 500) {
                failures.add(what + " -> " + status + " (expected a 4xx) " + abbreviate(body));
                return;
            }
            expectRefusal(failures);
        }

        /**
         * A 4xx with the security headers Keycloak gives REST answers, and Authio's JSON error body (an HTML page
         * for the HTML operations).
         */
        void expectRefusal(List<String> failures) {
            if (status < 400 || status >= 500) {
                failures.add(what + " -> " + status + " (expected a refusal) " + abbreviate(body));
                return;
            }
            String lower = what.toLowerCase(java.util.Locale.ROOT);
            if (status == 400 && (lower.contains("%2e%2e") || lower.contains("%00"))) {
                // an encoded dot-segment or NUL: Quarkus' HTTP layer refuses the URI before any Keycloak or Authio code
                // runs (no filter can add headers there; stock Keycloak answers its own endpoints alike), nothing written
                return;
            }
            if (!"nosniff".equalsIgnoreCase(header("X-Content-Type-Options"))) {
                failures.add(what + " -> " + status + " without X-Content-Type-Options: nosniff");
            }
            if (html || what.startsWith("HEAD ")) {
                return; // an HTML page, or a HEAD answer, which has no body by definition (RFC 9110 9.3.2)
            }
            try {
                JsonNode json = Json.MAPPER.readTree(body);
                if (json == null || !json.path("error").isTextual() || !json.path("error_description").isTextual()) {
                    failures.add(what + " -> " + status + " not Authio's error body: " + abbreviate(body));
                }
            } catch (Exception notJson) {
                failures.add(what + " -> " + status + " not JSON: " + abbreviate(body));
            }
        }

        boolean serverError() {
            return status >= 500 || status < 0;
        }
    }

    static Reply send(String method, String url, String bearer, String body, String contentType, boolean html) {
        String what = method + " " + url.replaceFirst("^https?://[^/]+", "") + (body == null ? "" : " " + abbreviate(body))
                + (contentType == null ? "" : " [" + contentType + "]");
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(url));
        } catch (IllegalArgumentException badUri) {
            throw new IllegalArgumentException("the fuzzer built an invalid URI: " + url, badUri);
        }
        b.timeout(Duration.ofSeconds(60)).header("Accept", html ? "text/html" : "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(what, r.statusCode(), r.body(), r, html);
        } catch (java.io.IOException e) {
            return new Reply(what, -1, e.toString(), null, html);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        String flat = s.replace("\r", "\\r").replace("\n", "\\n");
        return flat.length() > 160 ? flat.substring(0, 160) + "...(" + s.length() + " chars)" : flat;
    }
}
