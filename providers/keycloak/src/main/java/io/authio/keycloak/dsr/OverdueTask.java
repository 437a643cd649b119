package io.authio.keycloak.dsr;

import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;

import org.keycloak.models.KeycloakSession;

import io.authio.core.audit.AuditEvent;
import io.authio.keycloak.audit.AuditLog;
import io.authio.keycloak.store.RealmData;

/**
 * The overdue sweep: raises one {@code dsr.overdue} audit event for each open request past its due date
 * and drops export bundles whose download window closed. Runs on one node per interval (cluster lock);
 * each event is claimed with a conditional update, so even two sweeps racing raise it once.
 */
public final class OverdueTask {

    public static final String NAME = "authio-dsr-overdue";

    private OverdueTask() {
    }

    static void sweep(KeycloakSession session) {
        EntityManager em = RealmData.em(session);
        long now = System.currentTimeMillis();
        List<DsrEntity> due = em.createQuery("select d from DsrEntity d where d.status in ('pending', 'in_progress') "
                        + "and d.dueAt < :now and d.overdueAt is null order by d.dueAt", DsrEntity.class)
                .setParameter("now", now)
                .setMaxResults(DsrConfig.MAX_BATCH)
                .getResultList();
        for (DsrEntity d : due) {
            int claimed = em.createQuery("update DsrEntity d set d.overdueAt = :now where d.id = :id and d.overdueAt is null")
                    .setParameter("now", now).setParameter("id", d.getId()).executeUpdate();
            if (claimed == 1) {
                AuditLog.of(session).recordSystem(d.getRealmId(), "dsr.overdue", AuditEvent.Outcome.FAILURE, "system", null, null,
                        Map.of("dsr_id", d.getId(), "request_type", d.getRequestType(),
                                "due_at", java.time.Instant.ofEpochMilli(d.getDueAt()).toString()));
            }
        }
        Artifacts.purgeExpired(session, now);
    }
}
