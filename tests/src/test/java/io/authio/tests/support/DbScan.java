package io.authio.tests.support;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads every text and binary column of every table in Keycloak's database and reports where any of the
 * given needles occurs: the check that secrets and private keys are never stored in the clear.
 */
public final class DbScan {

    private DbScan() {
    }

    public record Hit(String table, String column, String needle) {
    }

    public record Result(List<Hit> hits, TreeSet<String> tablesScanned, long valuesScanned) {
    }

    /**
     * @param text   name → string to look for in text columns (hex needles also match case-insensitively)
     * @param binary name → bytes to look for in bytea columns (and, UTF-8 decoded, never needed for text)
     */
    public static Result scan(Map<String, String> text, Map<String, byte[]> binary) {
        List<Hit> hits = new ArrayList<>();
        TreeSet<String> tables = new TreeSet<>();
        long values = 0;
        try (Connection c = TestDb.connect()) {
            Map<String, List<String[]>> columns = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("select table_name, column_name, data_type from information_schema.columns "
                    + "where table_schema = current_schema() and data_type in ('text', 'character varying', 'character', 'bytea', 'json', 'jsonb') "
                    + "order by table_name, ordinal_position"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(new String[] {rs.getString(2), rs.getString(3)});
                }
            }
            for (Map.Entry<String, List<String[]>> table : columns.entrySet()) {
                tables.add(table.getKey().toLowerCase(Locale.ROOT));
                StringBuilder sql = new StringBuilder("select ");
                for (int i = 0; i < table.getValue().size(); i++) {
                    sql.append(i == 0 ? "" : ", ").append('"').append(table.getValue().get(i)[0]).append('"');
                }
                sql.append(" from \"").append(table.getKey()).append('"');
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
                    while (rs.next()) {
                        for (int i = 0; i < table.getValue().size(); i++) {
                            String column = table.getValue().get(i)[0];
                            if ("bytea".equals(table.getValue().get(i)[1])) {
                                byte[] value = rs.getBytes(i + 1);
                                if (value == null) {
                                    continue;
                                }
                                values++;
                                binary.forEach((name, needle) -> {
                                    if (indexOf(value, needle) >= 0) {
                                        hits.add(new Hit(table.getKey(), column, name));
                                    }
                                });
                                String asText = new String(value, StandardCharsets.ISO_8859_1);
                                text.forEach((name, needle) -> {
                                    if (asText.contains(needle)) {
                                        hits.add(new Hit(table.getKey(), column, name));
                                    }
                                });
                            } else {
                                String value = rs.getString(i + 1);
                                if (value == null) {
                                    continue;
                                }
                                values++;
                                String lower = value.toLowerCase(Locale.ROOT);
                                text.forEach((name, needle) -> {
                                    if (value.contains(needle) || (name.contains("hex") && lower.contains(needle.toLowerCase(Locale.ROOT)))) {
                                        hits.add(new Hit(table.getKey(), column, name));
                                    }
                                });
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Result(hits, tables, values);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
