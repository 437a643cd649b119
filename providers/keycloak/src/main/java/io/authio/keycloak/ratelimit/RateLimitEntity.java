package io.authio.keycloak.ratelimit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One rate-limited key: its GCRA theoretical arrival time. The key itself (an email, an IP, an API key
 * id) is stored only as a SHA-256 digest.
 */
@Entity
@Table(name = "AUTHIO_RATE_LIMIT")
public class RateLimitEntity {

    @Id
    @Column(name = "ID", length = 64)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "TAT", nullable = false)
    private long tat;

    /** After this instant the key is back to a full burst and the row can be purged. */
    @Column(name = "EXPIRES_AT", nullable = false)
    private long expiresAt;

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

    public long getTat() {
        return tat;
    }

    public void setTat(long tat) {
        this.tat = tat;
    }

    public long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(long expiresAt) {
        this.expiresAt = expiresAt;
    }
}
