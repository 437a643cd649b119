package io.authio.keycloak.risk;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.authio.core.DomainException;
import io.authio.core.api.Cursor;
import io.authio.core.api.Page;
import io.authio.core.api.PageRequest;
import io.authio.core.api.Params;
import io.authio.core.json.Json;
import io.authio.keycloak.http.AdminAccess;
import io.authio.keycloak.http.AdminAccess.Permission;
import io.authio.keycloak.http.Api;
import io.authio.keycloak.store.RealmData;

/**
 * {@code GET /admin/realms/{realm}/authio/risk-decisions}: the realm's risk decisions, newest first, for
 * administrators with view-events. Filters: user_id, decision, kind, min_score, max_score, since
 * (inclusive), until (exclusive); cursor pagination.
 */
public class RiskDecisionsResource {

    private static final Pattern DECISION = Pattern.compile("^(allow|step_up|deny)$");
    private static final Pattern KIND = Pattern.compile("^(login|direct_grant|sso|broker|failed_attempt)$");

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminAccess access;

    public RiskDecisionsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.access = AdminAccess.of(session, realm, auth);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@QueryParam("user_id") String userId, @QueryParam("decision") String decision,
            @QueryParam("kind") String kind, @QueryParam("min_score") String minScore,
            @QueryParam("max_score") String maxScore, @QueryParam("since") String since,
            @QueryParam("until") String until, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return Api.run(session, () -> {
            requireView();
            String user = Params.id("user_id", userId);
            String dec = Params.matching("decision", decision, DECISION, "one of allow, step_up, deny");
            String k = Params.matching("kind", kind, KIND, "one of login, direct_grant, sso, broker, failed_attempt");
            int min = Params.intInRange("min_score", minScore, 0, 100, 0);
            int max = Params.intInRange("max_score", maxScore, 0, 100, 100);
            if (min > max) {
                throw DomainException.invalid("min_score must not be greater than max_score");
            }
            Instant from = Params.timestamp("since", since);
            Instant to = Params.timestamp("until", until);
            Params.requireOrdered(from, to);
            PageRequest page = PageRequest.parse(limit, cursor, 50, 500);

            StringBuilder jpql = new StringBuilder("select d from RiskDecisionEntity d where d.realmId = :realm "
                    + "and d.score >= :min and d.score <= :max");
            Map<String, Object> params = new HashMap<>();
            params.put("realm", realm.getId());
            params.put("min", min);
            params.put("max", max);
            if (user != null) {
                jpql.append(" and d.userId = :user");
                params.put("user", user);
            }
            if (dec != null) {
                jpql.append(" and d.decision = :decision");
                params.put("decision", dec);
            }
            if (k != null) {
                jpql.append(" and d.kind = :kind");
                params.put("kind", k);
            }
            if (from != null) {
                jpql.append(" and d.createdAt >= :since");
                params.put("since", from.toEpochMilli());
            }
            if (to != null) {
                jpql.append(" and d.createdAt < :until");
                params.put("until", to.toEpochMilli());
            }
            jpql.append(page.keysetCondition("d.createdAt", "d.id"));
            params.putAll(page.parameters());
            jpql.append(" order by d.createdAt desc, d.id desc");
            EntityManager em = RealmData.em(session);
            TypedQuery<RiskDecisionEntity> q = em.createQuery(jpql.toString(), RiskDecisionEntity.class);
            params.forEach(q::setParameter);
            Page<RiskDecisionEntity> rows = page.page(q.setMaxResults(page.fetchSize()).getResultList(),
                    r -> new Cursor(r.getCreatedAt(), r.getId()));
            Map<String, StepUpChallengeEntity> challenges = new HashMap<>();
            for (StepUpChallengeEntity c : new RiskStore(session).challengesOf(realm.getId(),
                    rows.rows().stream().map(RiskDecisionEntity::getId).toList())) {
                challenges.put(c.getDecisionId(), c);
            }
            return Api.ok(rows.body(r -> view(r, challenges.get(r.getId()))));
        });
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response one(@PathParam("id") String id) {
        return Api.run(session, () -> {
            requireView();
            RiskStore store = new RiskStore(session);
            RiskDecisionEntity row = store.decision(realm.getId(), Params.id("id", id));
            if (row == null) {
                throw DomainException.notFound("no such risk decision in this realm");
            }
            List<StepUpChallengeEntity> c = store.challengesOf(realm.getId(), List.of(row.getId()));
            return Api.ok(view(row, c.isEmpty() ? null : c.get(0)));
        });
    }

    private void requireView() {
        access.require("viewing this realm's risk decisions", Permission.VIEW_EVENTS);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> view(RiskDecisionEntity r, StepUpChallengeEntity c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.getId());
        m.put("kind", r.getKind());
        m.put("user_id", r.getUserId());
        m.put("session_id", r.getSessionId());
        m.put("ip", r.getIp());
        m.put("country", r.getCountry());
        m.put("asn", r.getAsn());
        m.put("device_id", r.getDeviceId());
        m.put("user_agent", r.getUserAgent());
        m.put("score", r.getScore());
        m.put("decision", r.getDecision());
        m.put("outcome", r.getOutcome());
        Map<String, Object> explanation = Json.MAPPER.convertValue(Json.read(r.getSignals()), Map.class);
        m.put("signals", explanation.get("signals"));
        m.put("log_odds", explanation.get("log_odds"));
        m.put("notes", explanation.get("notes"));
        m.put("created_at", Instant.ofEpochMilli(r.getCreatedAt()).toString());
        if (c == null) {
            m.put("step_up", null);
        } else {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", c.getId());
            s.put("method", c.getMethod());
            s.put("status", c.getStatus());
            s.put("created_at", Instant.ofEpochMilli(c.getCreatedAt()).toString());
            s.put("completed_at", c.getCompletedAt() == null ? null : Instant.ofEpochMilli(c.getCompletedAt()).toString());
            m.put("step_up", s);
        }
        return m;
    }
}
