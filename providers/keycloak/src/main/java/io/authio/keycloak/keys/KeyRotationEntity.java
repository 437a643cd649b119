package io.authio.keycloak.keys;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of AUTHIO_KEY_ROTATION: what rotated, when, by whom, from which key to which. */
@Entity
@Table(name = "AUTHIO_KEY_ROTATION")
public class KeyRotationEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** {@code data_key}, {@code data_key_destroyed}, {@code signing_key} or {@code kek}. */
    @Column(name = "KIND", length = 32, nullable = false)
    private String kind;

    @Column(name = "OLD_KEY_ID", length = 255)
    private String oldKeyId;

    @Column(name = "NEW_KEY_ID", length = 255)
    private String newKeyId;

    @Column(name = "ROTATED_AT", nullable = false)
    private long rotatedAt;

    @Column(name = "ACTOR_TYPE", length = 16, nullable = false)
    private String actorType;

    @Column(name = "ACTOR_ID", length = 255)
    private String actorId;

    /** Small JSON object: algorithm, grace period, counts. Never secret. */
    @Column(name = "DETAILS")
    private String details;

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

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getOldKeyId() {
        return oldKeyId;
    }

    public void setOldKeyId(String oldKeyId) {
        this.oldKeyId = oldKeyId;
    }

    public String getNewKeyId() {
        return newKeyId;
    }

    public void setNewKeyId(String newKeyId) {
        this.newKeyId = newKeyId;
    }

    public long getRotatedAt() {
        return rotatedAt;
    }

    public void setRotatedAt(long rotatedAt) {
        this.rotatedAt = rotatedAt;
    }

    public String getActorType() {
        return actorType;
    }

    public void setActorType(String actorType) {
        this.actorType = actorType;
    }

    public String getActorId() {
        return actorId;
    }

    public void setActorId(String actorId) {
        this.actorId = actorId;
    }

    public String getDetails() {
        return details;
    }

    public void setDetails(String details) {
        this.details = details;
    }
}
