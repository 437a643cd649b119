package io.authio.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class JsonTest {

    private static String streamed(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Json.writeTo(out, value);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void streamingWritesTheSameBytesAsTheMapperForEveryKindOfValue() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("quote\"and\\backslash", "line\nbreak\ttab\u0001control\u2028separator é 🙂 </script>");
        nested.put("null", null);
        nested.put("int", Integer.MIN_VALUE);
        nested.put("long", Long.MAX_VALUE);
        nested.put("short", (short) -7);
        nested.put("byte", (byte) 3);
        nested.put("double", 0.1 + 0.2);
        nested.put("float", 1.5f);
        nested.put("decimal", BigDecimal.valueOf(1795425302481L, 3));
        nested.put("big", new java.math.BigInteger("123456789012345678901234567890"));
        nested.put("bool", false);
        nested.put("list", Arrays.asList(1, "two", null, List.of(Map.of("k", true))));
        nested.put("empty map", Map.of());
        nested.put("empty list", new ArrayList<>());
        // not plain trees: the mapper's own rules apply
        nested.put("date", new java.util.Date(1_795_425_302_481L));
        nested.put("uuid", UUID.fromString("0195a3c4-0000-7000-8000-000000000001"));
        nested.put("array", new String[] {"a", "b"});
        nested.put("enum", java.time.DayOfWeek.MONDAY);
        Map<Object, Object> numberKeys = new TreeMap<>();
        numberKeys.put(2, "two");
        numberKeys.put(10, "ten");
        nested.put("number keys", numberKeys);
        Map<String, Object> root = new HashMap<>();
        root.put("nested", nested);
        root.put("text", "plain");

        for (Object value : List.of(root, nested, "a string", 42, List.of(), numberKeys)) {
            // the mapper's UTF-8 output, as the batch bodies were written before (it escapes characters outside the BMP)
            assertEquals(new String(Json.writeBytes(value), StandardCharsets.UTF_8), streamed(value), "value " + value);
        }
    }

    @Test
    void valuesWrittenOneAfterAnotherStayInOneStream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Json.writeTo(out, Map.of("a", 1));
        out.write('\n');
        Json.writeTo(out, List.of("b"));
        assertEquals("{\"a\":1}\n[\"b\"]", out.toString(StandardCharsets.UTF_8));
    }
}
