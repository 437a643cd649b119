package io.authio.keycloak.dsr;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One chunk (at most 1 MiB) of an export bundle kept for download (AUTHIO_DSR_ARTIFACT, BYTEA content written and read by SQL). */
@Entity
@Table(name = "AUTHIO_DSR_ARTIFACT")
public class DsrArtifactChunkEntity {

    /** DSR id, ':' and the chunk number */
    @Id
    @Column(name = "ID", length = 48)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "DSR_ID", length = 40, nullable = false)
    private String dsrId;

    @Column(name = "SEQ", nullable = false)
    private int seq;

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

    public String getDsrId() {
        return dsrId;
    }

    public void setDsrId(String dsrId) {
        this.dsrId = dsrId;
    }

    public int getSeq() {
        return seq;
    }

    public void setSeq(int seq) {
        this.seq = seq;
    }

    public long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(long expiresAt) {
        this.expiresAt = expiresAt;
    }
}
