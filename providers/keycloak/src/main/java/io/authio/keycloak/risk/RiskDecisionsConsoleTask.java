package io.authio.keycloak.risk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.timer.ScheduledTask;

import io.authio.core.json.Json;
import io.authio.keycloak.console.ConsoleComponents;
import io.authio.keycloak.store.RealmData;

/**
 * Keeps the console's risk decision page current without touching the sign-in path. Each interval one node
 * (cluster lock) looks, per realm, for step-up and deny decisions recorded since its previous look (a range
 * scan on the realm/time index, with an overlap for late commits) and adds the new ones, keeping the newest
 * {@code rows}. It also drops rows whose decision was purged or anonymized (a fulfilled deletion request), so
 * personal data leaves the console within one interval. Nothing changed, nothing written.
 */
final class RiskDecisionsConsoleTask implements ScheduledTask {

    static final String NAME = "authio-risk-decisions-console";
    private static final Logger LOG = Logger.getLogger(RiskDecisionsConsoleTask.class);
    private static final long FIRST_LOOK_BACK_MS = 24 * 3600_000L;
    private static final long OVERLAP_MS = 30_000L;

    private final int intervalSeconds;
    private final int rows;
    /** Per realm, when this node last looked: only narrows the scan; correctness comes from the table. */
    private final Map<String, Long> lastLook = new ConcurrentHashMap<>();

    RiskDecisionsConsoleTask(int intervalSeconds, int rows) {
        this.intervalSeconds = intervalSeconds;
        this.rows = rows;
    }

    @Override
    public String getTaskName() {
        return NAME;
    }

    @Override
    public void run(KeycloakSession session) {
        if (!ConsoleComponents.enabled()) {
            return;
        }
        try {
            ClusterProvider cluster = session.getProvider(ClusterProvider.class);
            if (cluster != null) {
                cluster.executeIfNotExecuted(NAME, Math.max(1, intervalSeconds - 1), () -> {
                    refreshAll(session);
                    return null;
                });
            } else {
                refreshAll(session);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Refreshing the console's risk decisions failed, will retry: %s", e.getMessage());
        }
    }

    private void refreshAll(KeycloakSession session) {
        long now = System.currentTimeMillis();
        session.realms().getRealmsStream().toList().forEach(realm -> {
            session.getContext().setRealm(realm); // Authio's stores and Keycloak's user lookups expect a bound realm
            long since = lastLook.getOrDefault(realm.getId(), now - FIRST_LOOK_BACK_MS) - OVERLAP_MS;
            refresh(session, realm, since, rows);
            lastLook.put(realm.getId(), now);
        });
    }

    /** Brings one realm's page up to date with decisions recorded after {@code since}. */
    static void refresh(KeycloakSession session, RealmModel realm, long since, int rows) {
        List<ComponentModel> mirrored = ConsoleComponents.list(realm, ConsoleComponents.PAGE, RiskDecisionsConsolePageFactory.ID);
        dropVanished(session, realm, mirrored);
        List<RiskDecisionEntity> fresh = RealmData.em(session)
                .createQuery("select d from RiskDecisionEntity d where d.realmId = :realm and d.createdAt > :since "
                        + "and d.decision in ('step_up', 'deny') order by d.createdAt desc, d.id desc", RiskDecisionEntity.class)
                .setParameter("realm", realm.getId()).setParameter("since", since)
                .setMaxResults(rows).getResultList();
        boolean added = false;
        for (RiskDecisionEntity d : fresh) {
            if (realm.getComponent(d.getId()) == null) {
                ConsoleComponents.put(session, realm, d.getId(), ConsoleComponents.PAGE, RiskDecisionsConsolePageFactory.ID,
                        d.getDecision() + " " + d.getId(), row(session, realm, d));
                added = true;
            }
        }
        if (added) {
            List<ComponentModel> all = ConsoleComponents.list(realm, ConsoleComponents.PAGE, RiskDecisionsConsolePageFactory.ID);
            all.stream().skip(rows).forEach(c -> ConsoleComponents.remove(session, realm, c.getId()));
        }
    }

    /** Removes rows whose decision is gone (purged) or no longer names the user shown (anonymized). */
    private static void dropVanished(KeycloakSession session, RealmModel realm, List<ComponentModel> mirrored) {
        if (mirrored.isEmpty()) {
            return;
        }
        Map<String, String> users = new HashMap<>();
        RealmData.em(session).createQuery("select d.id, d.userId from RiskDecisionEntity d where d.realmId = :realm and d.id in :ids",
                        Object[].class)
                .setParameter("realm", realm.getId()).setParameter("ids", mirrored.stream().map(ComponentModel::getId).toList())
                .getResultList().forEach(r -> users.put((String) r[0], r[1] == null ? "" : (String) r[1]));
        for (ComponentModel c : mirrored) {
            String user = users.get(c.getId());
            String shown = c.get("user_id") == null ? "" : c.get("user_id");
            if (user == null || !Objects.equals(user, shown)) {
                ConsoleComponents.remove(session, realm, c.getId());
            }
        }
    }

    /** Removes the rows naming a user at once (a deletion request is erasing their data). */
    static void forget(KeycloakSession session, RealmModel realm, String userId) {
        if (userId == null || !ConsoleComponents.enabled()) {
            return;
        }
        ConsoleComponents.list(realm, ConsoleComponents.PAGE, RiskDecisionsConsolePageFactory.ID).stream()
                .filter(c -> userId.equals(c.get("user_id")))
                .forEach(c -> ConsoleComponents.remove(session, realm, c.getId()));
    }

    private static Map<String, List<String>> row(KeycloakSession session, RealmModel realm, RiskDecisionEntity d) {
        Map<String, List<String>> c = new LinkedHashMap<>();
        c.put("time", List.of(Instant.ofEpochMilli(d.getCreatedAt()).toString()));
        c.put("decision", List.of(d.getDecision()));
        c.put("score", List.of(Integer.toString(d.getScore())));
        UserModel user = d.getUserId() == null ? null : session.users().getUserById(realm, d.getUserId());
        c.put("user", user == null ? List.of() : List.of(user.getUsername()));
        c.put("ip", d.getIp() == null ? List.of() : List.of(d.getIp()));
        c.put("signals", signals(d.getSignals()));
        c.put("outcome", List.of(d.getOutcome()));
        c.put("kind", List.of(d.getKind()));
        c.put("country", d.getCountry() == null ? List.of() : List.of(d.getCountry()));
        c.put("user_id", d.getUserId() == null ? List.of() : List.of(d.getUserId()));
        c.put("decision_id", List.of(d.getId()));
        return c;
    }

    /** The fired signals' names from the stored explanation ({@code {"signals": [{"signal": "new_device", ...}, ...]}}). */
    private static List<String> signals(String explanation) {
        List<String> out = new ArrayList<>();
        JsonNode signals = Json.read(explanation).path("signals");
        signals.forEach(s -> out.add(s.path("signal").asText()));
        out.removeIf(String::isEmpty);
        return out;
    }
}
