package io.authio.keycloak.risk;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One evaluated sign-in (kind {@code login}) or failed attempt (kind {@code failed_attempt}): facts, fired signals
 * (SIGNALS: the JSON explanation), score, decision and outcome. User-keyed by REALM_ID + USER_ID. */
@Entity
@Table(name = "AUTHIO_RISK_DECISION")
public class RiskDecisionEntity {

    @Id
    @Column(name = "ID", length = 36, nullable = false)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36)
    private String userId;

    @Column(name = "KIND", length = 16, nullable = false)
    private String kind;

    @Column(name = "SESSION_ID", length = 64)
    private String sessionId;

    @Column(name = "IP", length = 64)
    private String ip;

    @Column(name = "COUNTRY", length = 8)
    private String country;

    @Column(name = "ASN")
    private Long asn;

    @Column(name = "DEVICE_ID", length = 36)
    private String deviceId;

    @Column(name = "USER_AGENT", length = 255)
    private String userAgent;

    @Column(name = "USERNAME_DIGEST", length = 64)
    private String usernameDigest;

    @Column(name = "SIGNALS", nullable = false)
    private String signals;

    @Column(name = "SCORE", nullable = false)
    private int score;

    @Column(name = "DECISION", length = 16, nullable = false)
    private String decision;

    @Column(name = "OUTCOME", length = 16, nullable = false)
    private String outcome;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

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

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getSessionId() {
        return sessionId;
    }

    public void setSessionId(String sessionId) {
        this.sessionId = sessionId;
    }

    public String getIp() {
        return ip;
    }

    public void setIp(String ip) {
        this.ip = ip;
    }

    public String getCountry() {
        return country;
    }

    public void setCountry(String country) {
        this.country = country;
    }

    public Long getAsn() {
        return asn;
    }

    public void setAsn(Long asn) {
        this.asn = asn;
    }

    public String getDeviceId() {
        return deviceId;
    }

    public void setDeviceId(String deviceId) {
        this.deviceId = deviceId;
    }

    public String getUserAgent() {
        return userAgent;
    }

    public void setUserAgent(String userAgent) {
        this.userAgent = userAgent;
    }

    public String getUsernameDigest() {
        return usernameDigest;
    }

    public void setUsernameDigest(String usernameDigest) {
        this.usernameDigest = usernameDigest;
    }

    public String getSignals() {
        return signals;
    }

    public void setSignals(String signals) {
        this.signals = signals;
    }

    public int getScore() {
        return score;
    }

    public void setScore(int score) {
        this.score = score;
    }

    public String getDecision() {
        return decision;
    }

    public void setDecision(String decision) {
        this.decision = decision;
    }

    public String getOutcome() {
        return outcome;
    }

    public void setOutcome(String outcome) {
        this.outcome = outcome;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

}
