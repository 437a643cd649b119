package io.authio.keycloak.risk;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * How many decisions of one kind and outcome a realm made in one settled hour (see {@link RiskRollup}): counts
 * only, no user, address or signal, so nothing here is personal data. Written only by the rollup job.
 */
@Entity
@Table(name = "AUTHIO_RISK_DECISION_HOURLY")
public class RiskDecisionHourlyEntity {

    @Id
    @Column(name = "ID", length = 36, nullable = false)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "HOUR_START", nullable = false)
    private long hourStart;

    @Column(name = "KIND", length = 16, nullable = false)
    private String kind;

    @Column(name = "DECISION", length = 16, nullable = false)
    private String decision;

    @Column(name = "DECISION_COUNT", nullable = false)
    private long decisionCount;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public long getHourStart() {
        return hourStart;
    }

    public void setHourStart(long hourStart) {
        this.hourStart = hourStart;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getDecision() {
        return decision;
    }

    public void setDecision(String decision) {
        this.decision = decision;
    }

    public long getDecisionCount() {
        return decisionCount;
    }

    public void setDecisionCount(long decisionCount) {
        this.decisionCount = decisionCount;
    }
}
