package io.authio.keycloak.dsr;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A realm's key for subject digests (AUTHIO_DSR_SUBJECT_KEY), sealed under the realm's data key. */
@Entity
@Table(name = "AUTHIO_DSR_SUBJECT_KEY")
public class DsrSubjectKeyEntity {

    @Id
    @Column(name = "REALM_ID", length = 36)
    private String realmId;

    @Column(name = "SEALED_KEY", length = 255, nullable = false)
    private String sealedKey;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getSealedKey() {
        return sealedKey;
    }

    public void setSealedKey(String sealedKey) {
        this.sealedKey = sealedKey;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }
}
