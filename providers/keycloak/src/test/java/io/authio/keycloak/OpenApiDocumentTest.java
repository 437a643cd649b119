package io.authio.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import jakarta.ws.rs.HttpMethod;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import io.authio.keycloak.account.AuthioRealmResource;
import io.authio.keycloak.admin.AuthioAdminResource;

/**
 * docs/api/openapi.yaml lists exactly the HTTP operations the code serves. The operations are collected by
 * walking the JAX-RS resources from Authio's mounts, following sub-resource locators, so a new endpoint
 * (or a new capability's locator) makes this test fail until the document describes it. Per operation the
 * query parameters and the presence of a request body must match the resource method, and the document must
 * give an operationId, a tag, the permission required and a 4xx answer with the {@code Error} schema (for
 * {@code HEAD} and for operations answering with HTML pages, which carry no {@code Error} body, any 4xx answer).
 * Path parameter names may differ between code and document ({@code {id}} and {@code {webhookId}} match).
 */
class OpenApiDocumentTest {

    /** Where Keycloak mounts Authio's root resources (the factories' id is "authio"). */
    private static final Map<String, Class<?>> ROOTS = new LinkedHashMap<>();

    /**
     * Root resources mounted by other {@code RealmResourceProvider}s (mount path = the factory's id), named as
     * strings so this test compiles on branches that do not have them; a class missing from the classpath is
     * skipped (and a renamed one is still caught: it would be a JAX-RS resource no root reaches).
     */
    private static final Map<String, String> NAMED_ROOTS = new LinkedHashMap<>();

    static {
        ROOTS.put("/admin/realms/{realm}/authio", AuthioAdminResource.class);
        ROOTS.put("/realms/{realm}/authio", AuthioRealmResource.class);
        NAMED_ROOTS.put("/realms/{realm}/authio-magic-link", "io.authio.keycloak.magiclink.MagicLinkResource");
        NAMED_ROOTS.forEach((prefix, name) -> {
            try {
                ROOTS.put(prefix, Class.forName(name, false, OpenApiDocumentTest.class.getClassLoader()));
            } catch (ClassNotFoundException e) {
                // not on this branch
            }
        });
    }

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final String ERROR_SCHEMA = "#/components/schemas/Error";

    private static Map<String, Object> document;
    /** "METHOD /normalized/path" → where it comes from. */
    private static final Map<String, String> codeOperations = new TreeMap<>();
    /** "METHOD /normalized/path" → the resource method serving it. */
    private static final Map<String, Method> codeMethods = new TreeMap<>();
    /** Classes holding JAX-RS methods that the walk reached. */
    private static final Set<Class<?>> reachedResources = new HashSet<>();

    @BeforeAll
    static void load() throws IOException {
        Path file = locateDocument();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        }
        for (Map.Entry<String, Class<?>> root : ROOTS.entrySet()) {
            walk(root.getValue(), root.getKey(), new ArrayDeque<>());
        }
    }

    @Test
    void everyOperationOfTheCodeIsDocumented() {
        Set<String> documented = documentedOperations().keySet();
        List<String> missing = new ArrayList<>();
        codeOperations.forEach((op, source) -> {
            if (!documented.contains(op)) {
                missing.add(op + "  (" + source + ")");
            }
        });
        assertTrue(missing.isEmpty(), "operations served by the code but missing from docs/api/openapi.yaml:\n  "
                + String.join("\n  ", missing));
    }

    @Test
    void theDocumentHasNoOperationTheCodeLacks() {
        List<String> extra = new ArrayList<>();
        documentedOperations().forEach((op, operationId) -> {
            if (!codeOperations.containsKey(op)) {
                extra.add(op + "  (operationId " + operationId + ")");
            }
        });
        assertTrue(extra.isEmpty(), "operations in docs/api/openapi.yaml that no resource serves:\n  " + String.join("\n  ", extra));
    }

    @Test
    void queryParametersAndRequestBodiesMatchTheCode() {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Object>> operations = new TreeMap<>();
        Map<String, List<Object>> pathParameters = new TreeMap<>();
        forEachOperation((op, operation) -> operations.put(op, operation));
        for (Map.Entry<String, Object> p : map(document.get("paths")).entrySet()) {
            for (String m : map(p.getValue()).keySet()) {
                if (HTTP_METHODS.contains(m)) {
                    pathParameters.put(m.toUpperCase(Locale.ROOT) + " " + normalize(p.getKey()), list(map(p.getValue()).get("parameters")));
                }
            }
        }
        codeMethods.forEach((op, method) -> {
            Map<String, Object> operation = operations.get(op);
            if (operation == null) {
                return; // reported by everyOperationOfTheCodeIsDocumented
            }
            Set<String> documentedQuery = new TreeSet<>();
            List<Object> parameters = new ArrayList<>(pathParameters.get(op));
            parameters.addAll(list(operation.get("parameters")));
            for (Object parameter : parameters) {
                Map<String, Object> resolved = resolve(map(parameter));
                if ("query".equals(resolved.get("in"))) {
                    documentedQuery.add(String.valueOf(resolved.get("name")));
                }
            }
            Set<String> codeQuery = new TreeSet<>();
            boolean codeBody = false;
            for (Annotation[] annotations : method.getParameterAnnotations()) {
                boolean jaxRs = false;
                for (Annotation a : annotations) {
                    if (a instanceof jakarta.ws.rs.QueryParam q) {
                        codeQuery.add(q.value());
                    }
                    jaxRs |= a.annotationType().getPackageName().startsWith("jakarta.ws.rs");
                }
                codeBody |= !jaxRs;
            }
            if (!codeQuery.equals(documentedQuery)) {
                problems.add(op + ": query parameters in code " + codeQuery + ", in the document " + documentedQuery);
            }
            if (codeBody != operation.containsKey("requestBody")) {
                problems.add(op + (codeBody ? ": the code reads a request body the document does not describe"
                        : ": the document describes a request body the code does not read"));
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyOperationStatesItsPermissionAndTag() {
        List<String> problems = new ArrayList<>();
        forEachOperation((op, operation) -> {
            if (!String.valueOf(operation.get("description")).contains("**Permission:**")) {
                problems.add(op + ": the description does not state the permission (\"**Permission:** ...\")");
            }
            if (list(operation.get("tags")).isEmpty()) {
                problems.add(op + ": no tag");
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theWalkSeesTheKnownCapabilities() {
        // Guards the walk itself: if reflection stopped following locators, the two tests above would pass vacuously.
        for (String op : List.of(
                "GET /admin/realms/{}/authio/audit-events",
                "POST /admin/realms/{}/authio/webhooks/{}/rotate-secret",
                "POST /admin/realms/{}/authio/siem-sinks/{}/deliveries/{}/replay",
                "PUT /admin/realms/{}/authio/delivery-settings",
                "POST /admin/realms/{}/authio/keys/kek/rewrap",
                "GET /realms/{}/authio/activity")) {
            assertTrue(codeOperations.containsKey(op), "the resource walk did not find " + op + "; found " + codeOperations.keySet());
        }
    }

    @Test
    void everyOperationHasAnIdAndAnErrorResponse() {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        forEachOperation((op, operation) -> {
            Object id = operation.get("operationId");
            if (!(id instanceof String s) || s.isBlank()) {
                problems.add(op + ": no operationId");
            } else if (!ids.add(s)) {
                problems.add(op + ": duplicate operationId " + s);
            }
            Map<String, Object> responses = map(operation.get("responses"));
            boolean errorResponse = false;
            boolean clientErrorResponse = false;
            boolean page = op.startsWith("HEAD ");
            for (Map.Entry<String, Object> r : responses.entrySet()) {
                boolean clientError = r.getKey().startsWith("4") && r.getKey().length() == 3;
                clientErrorResponse |= clientError;
                if (clientError && referencesError(resolve(map(r.getValue())))) {
                    errorResponse = true;
                }
                if (r.getKey().startsWith("2") && map(resolve(map(r.getValue())).get("content")).containsKey("text/html")) {
                    page = true;
                }
            }
            if (page ? !clientErrorResponse : !errorResponse) {
                problems.add(op + (page ? ": no 4xx response" : ": no 4xx response with the Error schema"));
            }
            if (responses.keySet().stream().noneMatch(k -> k.startsWith("2"))) {
                problems.add(op + ": no 2xx response");
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyJaxRsResourceOfTheJarIsReachableFromTheRoots() throws IOException, URISyntaxException {
        // A resource mounted some other way (a new RealmResourceProvider, say) would escape the walk: add its
        // mount to ROOTS (or NAMED_ROOTS), or hang it under one of the existing roots.
        Path classes = Path.of(AuthioAdminResource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(classes), "expected the module's classes directory, got " + classes);
        List<String> unreachable = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".");
                name = name.substring(0, name.length() - ".class".length());
                Class<?> c;
                try {
                    c = Class.forName(name, false, OpenApiDocumentTest.class.getClassLoader());
                    if (isResource(c) && !reachedResources.contains(c)) {
                        unreachable.add(name);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    // Classes referring to something only the server has cannot hold Authio endpoints we could walk.
                }
            }
        }
        assertTrue(unreachable.isEmpty(), "JAX-RS resources not reachable from " + ROOTS.keySet() + ": " + unreachable);
    }

    @Test
    void theDocumentIsOpenApi31WithATemplatedServer() {
        assertEquals("3.1.0", String.valueOf(document.get("openapi")));
        List<?> servers = (List<?>) document.get("servers");
        assertFalse(servers == null || servers.isEmpty(), "servers missing");
        assertEquals("{base}", map(servers.get(0)).get("url"));
        assertTrue(map(map(map(document.get("components")).get("schemas")).get("Error")).containsKey("required"));
    }

    // ------------------------------------------------------------------ the walk

    private static void walk(Class<?> resource, String prefix, Deque<Class<?>> trail) {
        if (trail.contains(resource)) {
            return; // a locator cycle: the paths would be infinite; what is below is already collected
        }
        trail.push(resource);
        for (Method m : resource.getMethods()) {
            if (m.isBridge() || m.isSynthetic() || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Method annotated = annotatedVersion(m);
            if (annotated == null) {
                continue;
            }
            reachedResources.add(m.getDeclaringClass());
            reachedResources.add(annotated.getDeclaringClass());
            String http = httpMethod(annotated);
            jakarta.ws.rs.Path path = annotated.getAnnotation(jakarta.ws.rs.Path.class);
            String full = path == null ? prefix : prefix + "/" + path.value();
            String source = resource.getSimpleName() + "#" + m.getName();
            if (http != null) {
                codeOperations.put(http + " " + normalize(full), source);
                codeMethods.put(http + " " + normalize(full), annotated);
            } else {
                Class<?> sub = m.getReturnType();
                if (sub == Object.class || sub.isInterface() && !isResource(sub) || Modifier.isAbstract(sub.getModifiers()) && !isResource(sub)) {
                    fail("sub-resource locator " + source + " returns " + sub.getName()
                            + ": declare the concrete resource class so the API can be checked against docs/api/openapi.yaml");
                }
                walk(sub, full, trail);
            }
        }
        trail.pop();
    }

    /** The method itself, or the overridden one up the hierarchy, that carries the JAX-RS annotations. */
    private static Method annotatedVersion(Method m) {
        Deque<Class<?>> types = new ArrayDeque<>();
        types.add(m.getDeclaringClass());
        Set<Class<?>> seen = new HashSet<>();
        while (!types.isEmpty()) {
            Class<?> t = types.poll();
            if (t == null || t == Object.class || !seen.add(t)) {
                continue;
            }
            try {
                Method candidate = t.getDeclaredMethod(m.getName(), m.getParameterTypes());
                if (isJaxRs(candidate)) {
                    return candidate;
                }
            } catch (NoSuchMethodException e) {
                // look further up
            }
            types.add(t.getSuperclass());
            types.addAll(List.of(t.getInterfaces()));
        }
        return null;
    }

    private static boolean isJaxRs(Method m) {
        return m.isAnnotationPresent(jakarta.ws.rs.Path.class) || httpMethod(m) != null;
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
            if (h != null) {
                return h.value().toUpperCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static boolean isResource(Class<?> c) {
        if (c.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
            return true;
        }
        for (Method m : c.getDeclaredMethods()) {
            if (isJaxRs(m)) {
                return true;
            }
        }
        return false;
    }

    /** Parameter names and regular expressions may differ between code and document: {@code {x}} becomes {@code {}}. */
    static String normalize(String path) {
        String p = path.replaceAll("\\{[^}]*\\}", "{}").replaceAll("/+", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    // ------------------------------------------------------------------ the document

    private static Map<String, String> documentedOperations() {
        Map<String, String> out = new TreeMap<>();
        forEachOperation((op, operation) -> {
            String previous = out.put(op, String.valueOf(operation.get("operationId")));
            if (previous != null) {
                fail("two document paths normalize to the same operation " + op);
            }
        });
        return out;
    }

    private interface OperationVisitor {
        void visit(String op, Map<String, Object> operation);
    }

    private static void forEachOperation(OperationVisitor visitor) {
        Map<String, Object> paths = map(document.get("paths"));
        assertFalse(paths.isEmpty(), "the document has no paths");
        for (Map.Entry<String, Object> p : paths.entrySet()) {
            for (Map.Entry<String, Object> m : map(p.getValue()).entrySet()) {
                if (HTTP_METHODS.contains(m.getKey())) {
                    visitor.visit(m.getKey().toUpperCase(Locale.ROOT) + " " + normalize(p.getKey()), map(m.getValue()));
                }
            }
        }
    }

    private static Map<String, Object> resolve(Map<String, Object> node) {
        Object ref = node.get("$ref");
        if (!(ref instanceof String s)) {
            return node;
        }
        assertTrue(s.startsWith("#/"), "only local references are supported: " + s);
        Object target = document;
        for (String part : s.substring(2).split("/")) {
            target = map(target).get(part);
            assertTrue(target != null, "dangling reference " + s);
        }
        return resolve(map(target));
    }

    private static boolean referencesError(Map<String, Object> response) {
        for (Object media : map(response.get("content")).values()) {
            if (schemaIsError(map(map(media).get("schema")))) {
                return true;
            }
        }
        return false;
    }

    private static boolean schemaIsError(Map<String, Object> schema) {
        if (ERROR_SCHEMA.equals(schema.get("$ref"))) {
            return true;
        }
        for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
            if (schema.get(combinator) instanceof List<?> list) {
                for (Object s : list) {
                    if (schemaIsError(map(s))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        if (o == null) {
            return Map.of();
        }
        assertTrue(o instanceof Map, "expected a mapping, got " + o);
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<Object, Object>) o).forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static List<Object> list(Object o) {
        if (o == null) {
            return List.of();
        }
        assertTrue(o instanceof List, "expected a sequence, got " + o);
        return new ArrayList<>((List<?>) o);
    }

    private static Path locateDocument() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs/api/openapi.yaml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("docs/api/openapi.yaml not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void normalizationIgnoresParameterNames() {
        assertEquals("/a/{}/b/{}", normalize("/a/{id}/b/{deliveryId: [0-9a-f-]+}/"));
        assertEquals(new TreeSet<>(List.of("/x/{}")), new TreeSet<>(List.of(normalize("//x//{version}"))));
    }
}
