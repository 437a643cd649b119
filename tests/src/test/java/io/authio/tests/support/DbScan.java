package io.authio.tests.support;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads every text and binary column of every table in Keycloak's database and reports where any of the
 * given needles occurs: the check that secrets and private keys are never stored in the clear, and that a
 * deletion left nothing naming the person. Columns come from JDBC metadata, so the scan is the same on every
 * database: text (character, CLOB, JSON) and binary (BYTEA, BLOB, VARBINARY) columns, whatever their vendor names.
 */
public final class DbScan {

    private DbScan() {
    }

    public record Hit(String table, String column, String needle) {
    }

    public record Result(List<Hit> hits, TreeSet<String> tablesScanned, long valuesScanned) {
    }

    /** One stored value: text columns as read, binary ones as bytes (text is null then). */
    public interface Visitor {
        void value(String table, String column, String text, byte[] bytes);
    }

    private static final Set<Integer> TEXT = Set.of(Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR,
            Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB);
    private static final Set<Integer> BINARY = Set.of(Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB);

    /**
     * @param text   name → string to look for in text columns (hex needles also match case-insensitively)
     * @param binary name → bytes to look for in binary columns
     */
    public static Result scan(Map<String, String> text, Map<String, byte[]> binary) {
        List<Hit> hits = new ArrayList<>();
        long[] values = {0};
        TreeSet<String> tables = visit((table, column, value, bytes) -> {
            values[0]++;
            if (bytes != null) {
                binary.forEach((name, needle) -> {
                    if (indexOf(bytes, needle) >= 0) {
                        hits.add(new Hit(table, column, name));
                    }
                });
                value = new String(bytes, StandardCharsets.ISO_8859_1);
            }
            String found = value;
            String lower = value.toLowerCase(Locale.ROOT);
            text.forEach((name, needle) -> {
                if (found.contains(needle) || (name.contains("hex") && lower.contains(needle.toLowerCase(Locale.ROOT)))) {
                    hits.add(new Hit(table, column, name));
                }
            });
        });
        return new Result(hits, tables, values[0]);
    }

    /** Every table.column (with a sample value) where a text value, or a binary one read as UTF-8, contains a needle in any case. */
    public static List<String> findIgnoringCase(String... needles) {
        Map<String, String> hits = new LinkedHashMap<>();
        visit((table, column, value, bytes) -> {
            String lower = (bytes == null ? value : new String(bytes, StandardCharsets.UTF_8)).toLowerCase(Locale.ROOT);
            for (String needle : needles) {
                if (lower.contains(needle.toLowerCase(Locale.ROOT))) {
                    hits.putIfAbsent(table + "." + column + " contains " + needle,
                            bytes != null ? "(binary)" : lower.length() > 200 ? lower.substring(0, 200) : lower);
                }
            }
        });
        return hits.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
    }

    /** Every table of Keycloak's database (lower-cased names). */
    public static TreeSet<String> tables() {
        return visit((table, column, value, bytes) -> {
        });
    }

    /** Calls the visitor for every non-null text and binary value; returns the tables read (lower-cased). */
    public static TreeSet<String> visit(Visitor visitor) {
        TreeSet<String> tables = new TreeSet<>();
        try (Connection c = TestDb.connect()) {
            DatabaseMetaData md = c.getMetaData();
            String quote = md.getIdentifierQuoteString().trim();
            Map<String, List<String[]>> columns = new LinkedHashMap<>();
            Set<String> realTables = new TreeSet<>();
            try (ResultSet rs = md.getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    realTables.add(rs.getString("TABLE_NAME"));
                }
            }
            try (ResultSet rs = md.getColumns(c.getCatalog(), c.getSchema(), "%", "%")) {
                while (rs.next()) {
                    String table = rs.getString("TABLE_NAME");
                    if (!realTables.contains(table)) {
                        continue;
                    }
                    int type = rs.getInt("DATA_TYPE");
                    String typeName = rs.getString("TYPE_NAME").toLowerCase(Locale.ROOT);
                    String kind = BINARY.contains(type) ? "binary" : TEXT.contains(type) || typeName.startsWith("json") ? "text" : null;
                    columns.computeIfAbsent(table, t -> new ArrayList<>());
                    if (kind != null) {
                        columns.get(table).add(new String[] {rs.getString("COLUMN_NAME"), kind});
                    }
                }
            }
            for (Map.Entry<String, List<String[]>> table : columns.entrySet()) {
                tables.add(table.getKey().toLowerCase(Locale.ROOT));
                List<String[]> cols = table.getValue();
                if (cols.isEmpty()) {
                    continue;
                }
                StringBuilder sql = new StringBuilder("select ");
                for (int i = 0; i < cols.size(); i++) {
                    sql.append(i == 0 ? "" : ", ").append(quote).append(cols.get(i)[0]).append(quote);
                }
                sql.append(" from ").append(quote).append(table.getKey()).append(quote);
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
                    while (rs.next()) {
                        for (int i = 0; i < cols.size(); i++) {
                            if ("binary".equals(cols.get(i)[1])) {
                                byte[] value = rs.getBytes(i + 1);
                                if (value != null) {
                                    visitor.value(table.getKey(), cols.get(i)[0], null, value);
                                }
                            } else {
                                String value = rs.getString(i + 1);
                                if (value != null) {
                                    visitor.value(table.getKey(), cols.get(i)[0], value, null);
                                }
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return tables;
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
