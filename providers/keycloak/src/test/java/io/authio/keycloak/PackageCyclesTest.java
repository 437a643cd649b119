package io.authio.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Authio's packages form no cycle: every capability package may depend on shared glue and on capabilities below it,
 * never back. Read from the source (imports, static imports and fully qualified names outside comments), so it needs
 * nothing beyond the JDK.
 */
class PackageCyclesTest {

    /**
     * Cycles known and owned elsewhere; each entry is one strongly connected set of packages, exactly as found.
     * Remove an entry when its cycle is broken (the test fails on an entry that no longer matches, so the list
     * cannot go stale).
     */
    private static final Set<Set<String>> ALLOWED = Set.of();

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.authio\\.(?:core|keycloak)(?:\\.[a-z_][a-z0-9_]*)*(?=\\.[A-Z*])");

    @Test
    void keycloakGlueHasNoPackageCycleBeyondTheKnownOnes() {
        Map<String, Set<String>> graph = graph(source("keycloak"));
        assertTrue(graph.size() >= 10, "the glue's packages were found: " + graph.keySet());
        assertEquals(ALLOWED, Set.copyOf(cycles(graph)), "package cycles (each set depends on itself through all its members)");
    }

    @Test
    void coreHasNoPackageCycle() {
        Map<String, Set<String>> graph = graph(source("core"));
        assertTrue(graph.size() >= 10, "core's packages were found: " + graph.keySet());
        assertEquals(List.of(), cycles(graph));
    }

    @Test
    void theCheckFindsACycle() {
        Map<String, Set<String>> graph = new TreeMap<>();
        graph.put("a", Set.of("b"));
        graph.put("b", Set.of("c"));
        graph.put("c", Set.of("a", "d"));
        graph.put("d", Set.of());
        assertEquals(List.of(Set.of("a", "b", "c")), cycles(graph));
        assertEquals("io.authio.keycloak.audit", references("import io.authio.keycloak.audit.AuditLog; // io.authio.keycloak.delivery.Outbox\n"
                + "/* io.authio.keycloak.risk.X */ String s = \"io.authio.keycloak.dsr.Y\";").get(0));
        assertEquals(2, references("import static io.authio.keycloak.http.Api.ok; new io.authio.keycloak.store.RealmData();").size());
    }

    /** {@code module}'s main source root, found from the working directory (the module, or the repository). */
    private static Path source(String module) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path root = dir.resolve("providers").resolve(module).resolve("src/main/java");
            if (Files.isDirectory(root)) {
                return root;
            }
        }
        throw new AssertionError("providers/" + module + "/src/main/java not found above " + Path.of("").toAbsolutePath());
    }

    /** Package -> the other Authio packages its classes refer to. */
    private static Map<String, Set<String>> graph(Path root) {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                Matcher p = PACKAGE.matcher(text);
                if (!p.find()) {
                    continue;
                }
                String own = p.group(1);
                Set<String> deps = graph.computeIfAbsent(own, k -> new TreeSet<>());
                for (String ref : references(text)) {
                    if (!ref.equals(own)) {
                        deps.add(ref);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** The Authio packages named in code (comments and string literals left out). */
    private static List<String> references(String java) {
        List<String> found = new ArrayList<>();
        Matcher m = REFERENCE.matcher(code(java));
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    /** The source with comments and string and character literals blanked. */
    private static String code(String java) {
        StringBuilder out = new StringBuilder(java.length());
        int i = 0;
        while (i < java.length()) {
            char c = java.charAt(i);
            if (c == '/' && i + 1 < java.length() && java.charAt(i + 1) == '/') {
                while (i < java.length() && java.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < java.length() && java.charAt(i + 1) == '*') {
                int end = java.indexOf("*/", i + 2);
                i = end < 0 ? java.length() : end + 2;
                out.append(' ');
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < java.length() && java.charAt(i) != c) {
                    i += java.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                out.append(' ');
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The strongly connected sets of more than one package (Tarjan), in a stable order. */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        List<Set<String>> found = new ArrayList<>();
        int[] counter = {0};
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, onStack, found, counter);
            }
        }
        found.sort((a, b) -> new TreeSet<>(a).first().compareTo(new TreeSet<>(b).first()));
        return found;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index, Map<String, Integer> low,
            Deque<String> stack, Set<String> onStack, List<Set<String>> found, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]);
        counter[0]++;
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, found, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                found.add(Set.copyOf(component));
            }
        }
    }
}
