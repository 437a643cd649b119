package io.authio.keycloak.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The console's own scripts never turn data into markup or code, and every text they show exists in English and
 * German. (uPlot, the vendored chart library, is not ours and not scanned.)
 */
class ConsoleSourcesTest {

    private static final Path ROOT = Path.of("src/main/resources", ConsolePage.ROOT);
    private static final Pattern MARKUP = Pattern.compile("innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\s*\\(|new Function|"
            + "setAttribute\\(\\s*\"(?:style|on[a-z]+|src|href)\"|\\.src\\s*=|javascript:");
    private static final Pattern KEY = Pattern.compile("\\bt\\(\"([a-z][A-Za-z0-9_.:-]*)\"");

    @Test
    void noScriptOfTheConsoleWritesMarkup() throws IOException {
        List<String> hits = new ArrayList<>();
        for (Path js : scripts()) {
            List<String> lines = Files.readAllLines(js, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = MARKUP.matcher(lines.get(i));
                if (m.find() && !lines.get(i).trim().startsWith("//")) {
                    hits.add(ROOT.relativize(js) + ":" + (i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        assertTrue(hits.isEmpty(), "markup or code built from strings:\n" + String.join("\n", hits));
        assertTrue(scripts().size() >= 10, "the scan sees the console's scripts");
    }

    @Test
    void everyTextExistsInEnglishAndGerman() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, String> en = mapper.readValue(ROOT.resolve("messages/en.json").toFile(), new TypeReference<>() { });
        Map<String, String> de = mapper.readValue(ROOT.resolve("messages/de.json").toFile(), new TypeReference<>() { });
        assertEquals(new TreeSet<>(en.keySet()), new TreeSet<>(de.keySet()), "the same keys in both languages");
        de.forEach((k, v) -> assertFalse(v.isBlank(), k));
        TreeSet<String> missing = new TreeSet<>();
        for (Path js : scripts()) {
            Matcher m = KEY.matcher(Files.readString(js, StandardCharsets.UTF_8));
            while (m.find()) {
                if (!en.containsKey(m.group(1)) && !m.group(1).equals("key")) {
                    missing.add(m.group(1));
                }
            }
        }
        assertTrue(missing.isEmpty(), "texts used but not translated: " + missing);
    }

    private static List<Path> scripts() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".js") && !p.toString().contains("vendor")).sorted().toList();
        }
    }
}
