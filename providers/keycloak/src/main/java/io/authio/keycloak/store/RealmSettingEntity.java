package io.authio.keycloak.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One of a realm's Authio settings that bound what the realm may do (its delivery allowlist, its retention):
 * kept out of realm attributes, which Keycloak's realm API writes without asking Authio, and written only
 * through Authio's validated admin API.
 */
@Entity
@Table(name = "AUTHIO_REALM_SETTING")
public class RealmSettingEntity {

    /** {@code <realm id>/<name>}. */
    @Id
    @Column(name = "ID", length = 100)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "NAME", length = 60, nullable = false)
    private String name;

    @Column(name = "SETTING_VALUE", length = 4000, nullable = false)
    private String value;

    @Column(name = "UPDATED_AT", nullable = false)
    private long updatedAt;

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

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value;
    }

    public long getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(long updatedAt) {
        this.updatedAt = updatedAt;
    }
}
