package io.authio.tests.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Every operation of docs/api/openapi.yaml (which OpenApiDocumentTest keeps equal to what the code serves), with
 * its query parameters and request body schema resolved: what the fuzzer attacks, so a new endpoint is fuzzed
 * as soon as it is documented.
 */
final class ApiSurface {

    /** One documented operation; schemas are the document's JSON nodes with every {@code $ref} resolved. */
    record Operation(String method, String path, Map<String, JsonNode> queryParams, JsonNode bodySchema, boolean html, boolean open) {

        boolean admin() {
            return path.startsWith("/admin/");
        }

        boolean hasBody() {
            return bodySchema != null;
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private final JsonNode document;
    private final List<Operation> operations = new ArrayList<>();

    private ApiSurface(JsonNode document) {
        this.document = document;
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> p = paths.next();
            List<JsonNode> shared = list(p.getValue().get("parameters"));
            for (Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (op.getKey().equals("parameters")) {
                    continue;
                }
                Map<String, JsonNode> query = new LinkedHashMap<>();
                List<JsonNode> params = new ArrayList<>(shared);
                params.addAll(list(op.getValue().get("parameters")));
                for (JsonNode param : params) {
                    JsonNode resolved = resolve(param);
                    if ("query".equals(resolved.path("in").asText())) {
                        query.put(resolved.get("name").asText(), resolve(resolved.path("schema")));
                    }
                }
                JsonNode body = resolve(op.getValue().path("requestBody"));
                JsonNode bodySchema = body.isMissingNode() ? null : deep(body.path("content").path("application/json").path("schema"));
                boolean html = false;
                for (JsonNode response : op.getValue().path("responses")) {
                    html |= resolve(response).path("content").has("text/html");
                }
                // "security: []": documented as needing no token (the console's page and static files)
                boolean open = op.getValue().path("security").isArray() && op.getValue().path("security").isEmpty();
                operations.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), p.getKey(), query, bodySchema, html, open));
            }
        }
    }

    static ApiSurface read() {
        for (Path candidate : List.of(Path.of("../docs/api/openapi.yaml"), Path.of("docs/api/openapi.yaml"))) {
            if (Files.exists(candidate)) {
                try {
                    return new ApiSurface(new ObjectMapper(new YAMLFactory()).readTree(candidate.toFile()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("docs/api/openapi.yaml not found from " + Path.of("").toAbsolutePath());
    }

    List<Operation> operations() {
        return operations;
    }

    private JsonNode resolve(JsonNode node) {
        while (node != null && node.has("$ref")) {
            JsonNode target = document;
            for (String part : node.get("$ref").asText().substring(2).split("/")) {
                target = target.path(part.replace("~1", "/").replace("~0", "~"));
            }
            node = target;
        }
        return node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
    }

    /** The schema with nested {@code $ref}s, {@code allOf} members, properties and items resolved. */
    private JsonNode deep(JsonNode schema) {
        JsonNode s = resolve(schema);
        if (!s.isObject()) {
            return s;
        }
        com.fasterxml.jackson.databind.node.ObjectNode out = s.deepCopy();
        if (s.has("allOf")) {
            com.fasterxml.jackson.databind.node.ObjectNode props = out.putObject("properties");
            for (JsonNode member : s.get("allOf")) {
                deep(member).path("properties").fields().forEachRemaining(e -> props.set(e.getKey(), e.getValue()));
            }
        }
        if (s.has("properties")) {
            com.fasterxml.jackson.databind.node.ObjectNode props = (com.fasterxml.jackson.databind.node.ObjectNode) out.get("properties");
            s.get("properties").fields().forEachRemaining(e -> props.set(e.getKey(), deep(e.getValue())));
        }
        if (s.has("items")) {
            out.set("items", deep(s.get("items")));
        }
        if (s.has("additionalProperties") && s.get("additionalProperties").isObject()) {
            out.set("additionalProperties", deep(s.get("additionalProperties")));
        }
        return out;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        if (array != null) {
            array.forEach(out::add);
        }
        return out;
    }
}
