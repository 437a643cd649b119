package io.authio.keycloak.keys;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of AUTHIO_DATA_KEY: one version of a realm's data key, wrapped by the KEK named in KEK_ID (format
 * w1, see {@link io.authio.core.keys.DataKeyWrap}). Never holds key material in the clear.
 */
@Entity
@Table(name = "AUTHIO_DATA_KEY")
public class DataKeyEntity {

    public static final String ACTIVE = "active";
    public static final String RETIRED = "retired";

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "VERSION", nullable = false)
    private int version;

    /** {@code active} (seals new values; exactly one per realm) or {@code retired} (opens old values only). */
    @Column(name = "STATE", length = 16, nullable = false)
    private String state;

    @Column(name = "KEK_ID", length = 255, nullable = false)
    private String kekId;

    @Column(name = "WRAPPED_KEY", length = 512, nullable = false)
    private String wrappedKey;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "RETIRED_AT")
    private Long retiredAt;

    @Column(name = "WRAPPED_AT", nullable = false)
    private long wrappedAt;

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

    public int getVersion() {
        return version;
    }

    public void setVersion(int version) {
        this.version = version;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public String getKekId() {
        return kekId;
    }

    public void setKekId(String kekId) {
        this.kekId = kekId;
    }

    public String getWrappedKey() {
        return wrappedKey;
    }

    public void setWrappedKey(String wrappedKey) {
        this.wrappedKey = wrappedKey;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public Long getRetiredAt() {
        return retiredAt;
    }

    public void setRetiredAt(Long retiredAt) {
        this.retiredAt = retiredAt;
    }

    public long getWrappedAt() {
        return wrappedAt;
    }

    public void setWrappedAt(long wrappedAt) {
        this.wrappedAt = wrappedAt;
    }
}
