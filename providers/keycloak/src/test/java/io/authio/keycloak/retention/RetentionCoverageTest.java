package io.authio.keycloak.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.persistence.Table;

import org.junit.jupiter.api.Test;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;

import io.authio.core.retention.RetentionCategory;

/** Every table Authio creates has a retention: a purge rule, or a documented reason it needs none. */
class RetentionCoverageTest {

    /** Tables that are configuration or keys, not records that accumulate (docs/operations.md says how each is bounded). */
    private static final Map<String, String> NOT_PURGED_BY_AGE = Map.of(
            "AUTHIO_DESTINATION", "configuration; max-destinations-per-realm",
            "AUTHIO_REALM_SETTING", "configuration; one row per setting and realm",
            "AUTHIO_DATA_KEY", "destroyed through the key API once nothing is sealed under it",
            "AUTHIO_DSR_SUBJECT_KEY", "one sealed key per realm; the evidence's keyed digests need it");

    @Test
    void everyAuthioTableIsPurgedOrBoundedAndDocumented() throws Exception {
        Set<String> tables = new TreeSet<>();
        for (String factory : Files.readAllLines(Path.of("target/classes/META-INF/services/"
                + JpaEntityProviderFactory.class.getName()))) {
            if (factory.isBlank()) {
                continue;
            }
            JpaEntityProviderFactory f = (JpaEntityProviderFactory) Class.forName(factory.trim()).getDeclaredConstructor().newInstance();
            for (Class<?> entity : f.create(null).getEntities()) {
                tables.add(entity.getAnnotation(Table.class).name());
            }
        }
        Set<String> purged = Purge.RULES.stream().map(Purge.Rule::table).collect(Collectors.toCollection(TreeSet::new));
        for (String table : tables) {
            assertTrue(purged.contains(table) || NOT_PURGED_BY_AGE.containsKey(table), table + " has no retention");
        }
        Set<String> unknown = new TreeSet<>(purged);
        unknown.removeAll(tables);
        assertEquals(Set.of(), unknown, "purge rules for tables no entity declares");
        String operations = docs("operations.md");
        for (String table : tables) {
            assertTrue(operations.contains("| `" + table + "`"), "docs/operations.md's retention table lacks " + table);
        }
    }

    @Test
    void everyCategoryHasARuleAndIsDocumented() throws Exception {
        String configuration = docs("configuration.md");
        for (RetentionCategory c : RetentionCategory.values()) {
            assertTrue(Purge.RULES.stream().anyMatch(r -> r.categories().contains(c)), c + " is purged nowhere");
            assertTrue(configuration.contains("`" + c.option() + "`"), "docs/configuration.md lacks " + c.option());
        }
    }

    @Test
    void everyKindOfRiskDecisionIsPurged() {
        Set<String> kinds = new TreeSet<>();
        for (io.authio.core.risk.SignInChannel c : io.authio.core.risk.SignInChannel.values()) {
            kinds.add(c.kind());
        }
        kinds.add("failed_attempt");
        for (String kind : kinds) {
            assertTrue(Purge.RULES.stream().anyMatch(r -> r.table().equals("AUTHIO_RISK_DECISION") && ("KIND = '" + kind + "'").equals(r.condition())),
                    "risk decisions of kind " + kind + " are purged nowhere");
        }
    }

    private static String docs(String name) throws IOException {
        return Files.readString(Path.of("../../docs", name));
    }
}
