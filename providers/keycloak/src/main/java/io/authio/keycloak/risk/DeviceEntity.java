package io.authio.keycloak.risk;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A device a user has signed in from: identified by the SHA-256 digest of its device cookie (the cookie value
 * itself is never stored). User-keyed by REALM_ID + USER_ID. */
@Entity
@Table(name = "AUTHIO_DEVICE")
public class DeviceEntity {

    @Id
    @Column(name = "ID", length = 36, nullable = false)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    @Column(name = "TOKEN_DIGEST", length = 64, nullable = false)
    private String tokenDigest;

    @Column(name = "LABEL", length = 128)
    private String label;

    @Column(name = "FIRST_SEEN", nullable = false)
    private long firstSeen;

    @Column(name = "LAST_SEEN", nullable = false)
    private long lastSeen;

    @Column(name = "LAST_IP", length = 64)
    private String lastIp;

    @Column(name = "LAST_COUNTRY", length = 8)
    private String lastCountry;

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

    public String getTokenDigest() {
        return tokenDigest;
    }

    public void setTokenDigest(String tokenDigest) {
        this.tokenDigest = tokenDigest;
    }

    public String getLabel() {
        return label;
    }

    public void setLabel(String label) {
        this.label = label;
    }

    public long getFirstSeen() {
        return firstSeen;
    }

    public void setFirstSeen(long firstSeen) {
        this.firstSeen = firstSeen;
    }

    public long getLastSeen() {
        return lastSeen;
    }

    public void setLastSeen(long lastSeen) {
        this.lastSeen = lastSeen;
    }

    public String getLastIp() {
        return lastIp;
    }

    public void setLastIp(String lastIp) {
        this.lastIp = lastIp;
    }

    public String getLastCountry() {
        return lastCountry;
    }

    public void setLastCountry(String lastCountry) {
        this.lastCountry = lastCountry;
    }

}
