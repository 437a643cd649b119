package io.authio.tests.dsr;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.authio.tests.support.TestDb;

/**
 * Looks for a person in every text column of every table of Keycloak's database (Keycloak's and
 * Authio's), case-insensitively: the proof that a deletion left nothing behind that names them.
 */
final class PersonalDataScan {

    private PersonalDataScan() {
    }

    /** Every table.column (with a sample value) containing any of the needles. */
    static List<String> find(String... needles) {
        List<String> hits = new ArrayList<>();
        try (Connection c = TestDb.connect()) {
            List<String[]> columns = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select table_name, column_name, data_type from information_schema.columns "
                    + "where table_schema = current_schema() and data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            for (String[] col : columns) {
                for (String needle : needles) {
                    boolean binary = "bytea".equals(col[2]);
                    String text = "lower(\"" + col[1] + "\"::text)";
                    String sql = binary
                            ? "select 'binary' from \"" + col[0] + "\" where position(convert_to(?, 'UTF8') in \"" + col[1] + "\") > 0 limit 1"
                            : "select " + text + " from \"" + col[0] + "\" where " + text + " like ? limit 1";
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setString(1, binary ? needle.toLowerCase(Locale.ROOT) : "%" + needle.toLowerCase(Locale.ROOT) + "%");
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                String v = rs.getString(1);
                                hits.add(col[0] + "." + col[1] + " contains " + needle + ": " + (v.length() > 200 ? v.substring(0, 200) : v));
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return hits;
    }

    /** How many tables the scan covers (to show it is the whole database). */
    static long tables() {
        return TestDb.count("select count(distinct table_name) from information_schema.columns where table_schema = current_schema()");
    }
}
