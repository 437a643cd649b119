package io.authio.tests.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;

/**
 * Every documented Authio operation, admin and user (read from docs/api/openapi.yaml, so a new endpoint is
 * fuzzed as soon as it is documented), under thousands of hostile requests built from its own schema: broken
 * and trailing JSON, duplicate keys, wrong types, values outside every documented bound, unknown fields, deep
 * nesting, oversized bodies, non-JSON media types, hostile path ids and query values, missing and forged tokens.
 * Every one must be refused with a 4xx (Authio's JSON error, Keycloak's security headers), none may answer a
 * 5xx, and no AUTHIO_ table may gain or lose a row of the realm.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class ApiFuzzIT {

    static final int MIN_REQUESTS = 2_000;

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @Test
    void everyOperationRefusesThousandsOfHostileRequestsWith4xxJsonErrorsAndWritesNothing() {
        ApiTarget t = ApiTarget.of(admin, urls, "authio-api-fuzz");
        Map<String, Long> rowsBefore = t.authioRowCounts();
        Map<String, Integer> perOperation = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int serverErrors = 0;
        int sent = 0;
        Random random = new Random(15);

        for (ApiSurface.Operation op : t.surface().operations()) {
            if (op.html()) {
                continue; // HTML pages: below, after the row count
            }
            List<HostileRequest.Reply> replies = new ArrayList<>();
            // bodies: generic hostile documents and schema-driven invalid values
            if (op.hasBody()) {
                for (String body : HostileBodies.of(op.bodySchema(), random)) {
                    replies.add(t.send(op, t.pathFor(op), body, "application/json"));
                }
                // the same documents as curl -d declares them (read as JSON): still refused
                for (String body : HostileBodies.generic()) {
                    replies.add(t.send(op, t.pathFor(op), body, "application/x-www-form-urlencoded"));
                }
            }
            // media types no Authio operation accepts
            if (op.method().equals("POST") || op.method().equals("PUT")) {
                for (String[] media : HostileBodies.MEDIA_TYPES) {
                    replies.add(t.send(op, t.pathFor(op), media[1], media[0]));
                }
            }
            // query values outside what each documented parameter allows
            for (Map.Entry<String, JsonNode> q : op.queryParams().entrySet()) {
                for (String value : HostileValues.query(q.getKey(), q.getValue())) {
                    replies.add(t.send(op, t.pathFor(op) + "?" + q.getKey() + "=" + ApiTarget.enc(value), null, null));
                }
            }
            // hostile path ids, one parameter at a time (the realm too)
            for (String param : pathParams(op.path())) {
                for (String value : HostileValues.PATH_IDS) {
                    replies.add(t.send(op, t.pathWith(op, param, value), op.hasBody() ? "{}" : null, op.hasBody() ? "application/json" : null));
                }
            }
            // no token, a forged one, and (admin API) a user without roles
            for (String token : op.open() ? new String[0] : new String[] {null, "x.y.z", forged()}) {
                replies.add(HostileRequest.send(op.method(), t.base() + t.pathFor(op), token, op.hasBody() ? "{}" : null,
                        op.hasBody() ? "application/json" : null, false));
            }
            if (op.admin()) {
                replies.add(HostileRequest.send(op.method(), t.base() + t.pathFor(op), t.noRoleToken, op.hasBody() ? "{}" : null,
                        op.hasBody() ? "application/json" : null, false));
            }
            for (HostileRequest.Reply r : replies) {
                r.expectRefusal(failures);
                serverErrors += r.serverError() ? 1 : 0;
            }
            sent += replies.size();
            perOperation.merge(op.toString(), replies.size(), Integer::sum);
        }
        // methods no operation has, on every documented path of the admin API
        for (String path : t.surface().operations().stream().filter(ApiSurface.Operation::admin).map(ApiSurface.Operation::path).distinct().toList()) {
            ApiSurface.Operation any = t.surface().operations().stream().filter(o -> o.path().equals(path)).findFirst().orElseThrow();
            for (String method : new String[] {"PATCH", "OPTIONS"}) {
                if (t.surface().operations().stream().noneMatch(o -> o.path().equals(path) && o.method().equals(method))) {
                    HostileRequest.Reply r = HostileRequest.send(method, t.base() + t.pathFor(any), t.adminToken, "{}", "application/json", false);
                    if (!method.equals("OPTIONS") || r.status() >= 400) {
                        r.expectRefusal(failures);
                    }
                    serverErrors += r.serverError() ? 1 : 0;
                    sent++;
                    perOperation.merge(method + " " + path, 1, Integer::sum);
                }
            }
        }
        Map<String, Long> rowsAfter = t.authioRowCounts();

        // the HTML landing page: refusals are pages, never a server error
        for (ApiSurface.Operation op : t.surface().operations()) {
            if (!op.html()) {
                continue;
            }
            for (Map.Entry<String, JsonNode> q : op.queryParams().entrySet()) {
                for (String value : HostileValues.PATH_IDS) {
                    HostileRequest.Reply r = t.send(op, t.pathFor(op) + "?" + q.getKey() + "=" + value, null, null);
                    if (op.method().equals("GET")) {
                        r.expectRefusal(failures);
                    }
                    serverErrors += r.serverError() ? 1 : 0;
                    sent++;
                    perOperation.merge(op.toString(), 1, Integer::sum);
                }
            }
            // hostile path values (the console's pages: the realm): a page or Keycloak's unknown-realm answer, never a 5xx
            for (String param : pathParams(op.path())) {
                for (String value : HostileValues.PATH_IDS) {
                    HostileRequest.Reply r = t.send(op, t.pathWith(op, param, value), null, null);
                    serverErrors += r.serverError() ? 1 : 0;
                    sent++;
                    perOperation.merge(op.toString(), 1, Integer::sum);
                }
            }
        }

        StringBuilder report = new StringBuilder("API fuzz: " + sent + " hostile requests, " + serverErrors + " answered 5xx, "
                + perOperation.size() + " operations\n");
        perOperation.forEach((op, n) -> report.append(String.format("  %5d  %s%n", n, op)));
        System.out.println(report);
        writeReport(report.toString());

        assertEquals(List.of(), failures.subList(0, Math.min(failures.size(), 60)), failures.size() + " requests not refused properly");
        assertEquals(0, serverErrors, "5xx answers");
        assertEquals(rowsBefore, rowsAfter, "no AUTHIO_ table gained or lost a row of the realm");
        assertTrue(sent >= MIN_REQUESTS, "sent " + sent);
        long documented = t.surface().operations().stream().filter(o -> !o.html()).count();
        assertTrue(perOperation.keySet().containsAll(t.surface().operations().stream().map(Object::toString).toList()),
                "every documented operation fuzzed (" + documented + ")");
    }

    private static List<String> pathParams(String path) {
        List<String> out = new ArrayList<>();
        for (int i = path.indexOf('{'); i >= 0; i = path.indexOf('{', i + 1)) {
            out.add(path.substring(i + 1, path.indexOf('}', i)));
        }
        return out;
    }

    /** A well-formed JWT signed by nobody Keycloak knows. */
    private static String forged() {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"x\"}".getBytes()) + "."
                + b64.encodeToString("{\"sub\":\"admin\",\"realm_access\":{\"roles\":[\"admin\"]}}".getBytes()) + "." + b64.encodeToString(new byte[64]);
    }

    private static void writeReport(String report) {
        try {
            java.nio.file.Path out = java.nio.file.Path.of("target", "fuzz", "api-fuzz.txt");
            java.nio.file.Files.createDirectories(out.getParent());
            java.nio.file.Files.writeString(out, report);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Hostile values for path and query parameters. */
    static final class HostileValues {

        /** Raw path segments (already URL-encoded where needed). */
        static final List<String> PATH_IDS = List.of("x", "..%2F..%2Fadmin", "%2e%2e", "0", "-1", "1%27%20or%201%3D1", "%00", "%E2%80%AE",
                "a".repeat(300), "00000000-0000-7000-8000-000000000000", "null", "%5B%5D", "dsr_", "%F0%9F%92%A3", "%C3%A4");

        private HostileValues() {
        }

        /** Values the parameter's schema does not allow (nothing for free text without bounds). */
        static List<String> query(String name, JsonNode schema) {
            List<String> out = new ArrayList<>();
            String type = schema.path("type").asText();
            if (schema.has("enum")) {
                String first = schema.get("enum").get(0).asText();
                out.addAll(List.of("x", first + "'--", first + "%00", " " + first, first.toUpperCase(java.util.Locale.ROOT) + "X", "a".repeat(2000)));
            } else if (type.equals("integer")) {
                out.addAll(List.of("abc", "1.5", "1e3", "0x10", "99999999999999999999", "-99999999999999999999", "NaN", "1;drop"));
                if (schema.has("minimum")) {
                    out.add(Long.toString(schema.get("minimum").asLong() - 1));
                }
                if (schema.has("maximum")) {
                    out.add(Long.toString(schema.get("maximum").asLong() + 1));
                }
            } else if ("date-time".equals(schema.path("format").asText())) {
                out.addAll(List.of("-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "+292278994-08-17T07:12:55.808Z",
                        "2026-13-01T00:00:00Z", "yesterday", "1700000000", "2026-12-01", "2026-12-01T25:00:00Z"));
            } else if (name.equals("cursor")) {
                out.addAll(List.of("%%%", "YWJj", "!!!", "eyJ4IjoxfQ", "a".repeat(2000), "\u0000"));
            } else if (schema.has("maxLength")) {
                out.add("a".repeat(schema.get("maxLength").asInt() + 1));
            }
            return out;
        }
    }

    /** Hostile request bodies. */
    static final class HostileBodies {

        /** Content types no Authio operation accepts, each with a body. */
        static final String[][] MEDIA_TYPES = {
                {"multipart/form-data; boundary=XyZ", "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--\r\n"},
                {"multipart/form-data", "--x--"},
                {"text/plain", "{}"},
                {"application/xml", "<a/>"},
                {"application/octet-stream", "\u0000\u0001"},
                {"application/json, text/plain", "{}"},
                {"application/json;;", "{}"},
                {"no/such/type", "{}"},
                {"application/json; charset=\"", "{}"},
                {"application/json; charset=klingon", "{}"},
                {"*/*", "{}"},
        };

        private HostileBodies() {
        }

        /** Documents no Authio body schema accepts. */
        static List<String> generic() {
            return List.of("{", "}", "[", "[]", "[{}]", "null", "true", "0", "\"{}\"", "{}}", "{}{}", "{} x", "{}]]]", "{},",
                    "{'a':1}", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":01}", "\uFEFF{}", "{\"a\":\"\\ud800\"}",
                    "{\"__proto__\":{}}", "{\"constructor\":{\"prototype\":{}}}", "{\"a\":1}", "{\"\":1}",
                    "{\"a\":" + "[".repeat(3000) + "]".repeat(3000) + "}", "{\"a\":\"" + "x".repeat(70_000) + "\"}",
                    "{" + "\"k\":1,".repeat(20_000) + "\"k\":1}", "a=1&b=2", "<a/>", "\u0000", "{\"a\":1}\u0000");
        }

        /** Generic documents plus, per documented property, values its schema refuses (alone and next to each other). */
        static List<String> of(JsonNode schema, Random random) {
            List<String> out = new ArrayList<>(generic()); // never an empty body: it means {}, which some operations accept
            JsonNode props = schema.path("properties");
            List<String> names = new ArrayList<>();
            props.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                for (String bad : invalid(props.get(name), 0)) {
                    out.add("{\"" + name + "\":" + bad + "}");
                }
                // duplicate key, and the property's name in another case
                out.add("{\"" + name + "\":null,\"" + name + "\":null}");
                out.add("{\"" + name.toUpperCase(java.util.Locale.ROOT) + "X\":1}");
            }
            // the document's required fields missing one at a time, wrong values mixed at random
            for (int i = 0; i < 10 && !names.isEmpty(); i++) {
                StringBuilder b = new StringBuilder("{");
                for (String name : names) {
                    List<String> bad = invalid(props.get(name), 0);
                    if (!bad.isEmpty() && random.nextBoolean()) {
                        b.append(b.length() > 1 ? "," : "").append('"').append(name).append("\":").append(bad.get(random.nextInt(bad.size())));
                    }
                }
                if (b.length() == 1) {
                    b.append("\"unknown_field\":1");
                }
                out.add(b.append('}').toString());
            }
            return out;
        }

        /** JSON values the property schema does not allow. */
        static List<String> invalid(JsonNode s, int depth) {
            List<String> out = new ArrayList<>();
            String type = s.path("type").isArray() ? s.path("type").get(0).asText() : s.path("type").asText();
            boolean nullable = s.path("type").isArray() && s.path("type").toString().contains("null") || s.path("nullable").asBoolean();
            switch (type) {
                case "string" -> {
                    out.addAll(List.of("1", "true", "[]", "{}", "[\"a\"]", "1e400"));
                    out.add("\"a\\u0000b\"");
                    out.add("\"a\\u0007b\"");
                    if (s.has("enum")) {
                        String first = s.get("enum").get(0).asText();
                        out.addAll(List.of("\"x\"", "\"" + first.toUpperCase(java.util.Locale.ROOT) + "X\"", "\" " + first + "\"", "\"" + first + " \""));
                    }
                    if (s.has("maxLength")) {
                        out.add("\"" + "a".repeat(s.get("maxLength").asInt() + 1) + "\"");
                    }
                    if ("email".equals(s.path("format").asText())) {
                        out.addAll(List.of("\"a@@example.test\"", "\"@example.test\"", "\"a@\"", "\"a example@x.test\"", "\"\""));
                    }
                    if ("uri".equals(s.path("format").asText())) {
                        out.addAll(List.of("\"javascript:alert(1)\"", "\"ftp://x.example.test/\"", "\"https:///nohost\"", "\"http://169.254.169.254/\"",
                                "\"https://u:p@x.example.test/\"", "\"\""));
                    }
                }
                case "integer", "number" -> {
                    out.addAll(List.of("\"1\"", "true", "[]", "{}", "\"\"", "1e400", "-1e400", "99999999999999999999999"));
                    if (type.equals("integer")) {
                        out.add("1.5");
                    }
                    if (s.has("minimum")) {
                        out.add(s.get("minimum").asText().contains(".") ? Double.toString(s.get("minimum").asDouble() - 0.5)
                                : Long.toString(s.get("minimum").asLong() - 1));
                    }
                    if (s.has("maximum")) {
                        out.add(s.get("maximum").asText().contains(".") ? Double.toString(s.get("maximum").asDouble() + 0.5)
                                : Long.toString(s.get("maximum").asLong() + 1));
                    }
                }
                case "boolean" -> out.addAll(List.of("\"true\"", "1", "0", "[]", "{}", "\"yes\""));
                case "array" -> {
                    out.addAll(List.of("\"a\"", "1", "{}", "true", "[[[]]]"));
                    if (s.has("maxItems")) {
                        StringBuilder many = new StringBuilder("[");
                        for (int i = 0; i <= s.get("maxItems").asInt(); i++) {
                            many.append(i == 0 ? "" : ",").append("\"item").append(i).append('"');
                        }
                        out.add(many.append(']').toString());
                    }
                    if (s.has("items") && depth < 2) {
                        for (String bad : invalid(s.get("items"), depth + 1).stream().limit(4).toList()) {
                            out.add("[" + bad + "]");
                        }
                    }
                    if (s.path("minItems").asInt() > 0) {
                        out.add("[]");
                    }
                }
                case "object" -> {
                    out.addAll(List.of("\"a\"", "1", "[]", "true", "{\"unknown_field\":1}"));
                    if (depth < 2) {
                        for (Iterator<Map.Entry<String, JsonNode>> it = s.path("properties").fields(); it.hasNext();) {
                            Map.Entry<String, JsonNode> p = it.next();
                            for (String bad : invalid(p.getValue(), depth + 1).stream().limit(3).toList()) {
                                out.add("{\"" + p.getKey() + "\":" + bad + "}");
                            }
                        }
                        if (s.path("additionalProperties").isObject()) {
                            for (String bad : invalid(s.get("additionalProperties"), depth + 1).stream().limit(3).toList()) {
                                out.add("{\"unknown_key_x\":" + bad + "}");
                            }
                        }
                    }
                }
                default -> out.addAll(List.of("[[[]]]"));
            }
            if (!nullable && out.size() > 0 && s.has("enum")) {
                out.add("null");
            }
            return out;
        }
    }
}
