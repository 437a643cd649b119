package io.authio.keycloak.dsr;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A data-subject request (AUTHIO_DSR). The subject's address is kept only until a deletion completes; the digest stays as evidence. */
@Entity
@Table(name = "AUTHIO_DSR")
public class DsrEntity {

    /** dsr_ + UUIDv7 */
    @Id
    @Column(name = "ID", length = 40)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** deletion or export */
    @Column(name = "REQUEST_TYPE", length = 16, nullable = false)
    private String requestType;

    /** pending, in_progress, completed, cancelled */
    @Column(name = "STATUS", length = 16, nullable = false)
    private String status;

    /** normalized; cleared when a deletion completes */
    @Column(name = "USER_EMAIL", length = 254)
    private String userEmail;

    /** The unkeyed SHA-256 of the address, from before keyed digests; the sweep keys it into {@link #emailHmac}. */
    @Column(name = "EMAIL_HASH", length = 64)
    private String emailHash;

    /** Keyed digest of the address (io.authio.core.dsr.SubjectDigest); stays when the address is cleared. */
    @Column(name = "EMAIL_HMAC", length = 64)
    private String emailHmac;

    @Column(name = "NOTES", length = 2000)
    private String notes;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "DUE_AT", nullable = false)
    private long dueAt;

    @Column(name = "CREATED_BY_TYPE", length = 16)
    private String createdByType;

    @Column(name = "CREATED_BY_ID", length = 255)
    private String createdById;

    /** the account being erased, while a deletion runs */
    @Column(name = "SUBJECT_USER_ID", length = 36)
    private String subjectUserId;

    /** the account's username, while a deletion runs (history may name it) */
    @Column(name = "SUBJECT_USERNAME", length = 255)
    private String subjectUsername;

    /** when the running fulfillment started (its lease) */
    @Column(name = "CLAIMED_AT")
    private Long claimedAt;

    @Column(name = "UPDATED_AT", nullable = false)
    private long updatedAt;

    @Column(name = "COMPLETED_AT")
    private Long completedAt;

    @Column(name = "CANCELLED_AT")
    private Long cancelledAt;

    /** when the dsr.overdue event was raised */
    @Column(name = "OVERDUE_AT")
    private Long overdueAt;

    /** export hand-over: uploaded, available, downloaded, expired */
    @Column(name = "ARTIFACT_STATE", length = 16)
    private String artifactState;

    @Column(name = "ARTIFACT_EXPIRES_AT")
    private Long artifactExpiresAt;

    /** JSON, see io.authio.core.dsr.Evidence */
    @Column(name = "EVIDENCE")
    private String evidence;

    /** The run holding the lease (CLAIMED_AT is its last renewal); every write of a run checks it is still the holder. */
    @Column(name = "LEASE_OWNER", length = 36)
    private String leaseOwner;

    /** An export's presigned upload URL, sealed (it is a credential), kept while the request is open. */
    @Column(name = "UPLOAD_URL")
    private String uploadUrl;

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

    public String getRequestType() {
        return requestType;
    }

    public void setRequestType(String requestType) {
        this.requestType = requestType;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getUserEmail() {
        return userEmail;
    }

    public void setUserEmail(String userEmail) {
        this.userEmail = userEmail;
    }

    public String getEmailHash() {
        return emailHash;
    }

    public void setEmailHash(String emailHash) {
        this.emailHash = emailHash;
    }

    public String getNotes() {
        return notes;
    }

    public void setNotes(String notes) {
        this.notes = notes;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public long getDueAt() {
        return dueAt;
    }

    public void setDueAt(long dueAt) {
        this.dueAt = dueAt;
    }

    public String getCreatedByType() {
        return createdByType;
    }

    public void setCreatedByType(String createdByType) {
        this.createdByType = createdByType;
    }

    public String getCreatedById() {
        return createdById;
    }

    public void setCreatedById(String createdById) {
        this.createdById = createdById;
    }

    public String getSubjectUserId() {
        return subjectUserId;
    }

    public void setSubjectUserId(String subjectUserId) {
        this.subjectUserId = subjectUserId;
    }

    public String getSubjectUsername() {
        return subjectUsername;
    }

    public void setSubjectUsername(String subjectUsername) {
        this.subjectUsername = subjectUsername;
    }

    public Long getClaimedAt() {
        return claimedAt;
    }

    public void setClaimedAt(Long claimedAt) {
        this.claimedAt = claimedAt;
    }

    public long getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(long updatedAt) {
        this.updatedAt = updatedAt;
    }

    public Long getCompletedAt() {
        return completedAt;
    }

    public void setCompletedAt(Long completedAt) {
        this.completedAt = completedAt;
    }

    public Long getCancelledAt() {
        return cancelledAt;
    }

    public void setCancelledAt(Long cancelledAt) {
        this.cancelledAt = cancelledAt;
    }

    public Long getOverdueAt() {
        return overdueAt;
    }

    public void setOverdueAt(Long overdueAt) {
        this.overdueAt = overdueAt;
    }

    public String getArtifactState() {
        return artifactState;
    }

    public void setArtifactState(String artifactState) {
        this.artifactState = artifactState;
    }

    public Long getArtifactExpiresAt() {
        return artifactExpiresAt;
    }

    public void setArtifactExpiresAt(Long artifactExpiresAt) {
        this.artifactExpiresAt = artifactExpiresAt;
    }

    public String getEvidence() {
        return evidence;
    }

    public void setEvidence(String evidence) {
        this.evidence = evidence;
    }

    public String getEmailHmac() {
        return emailHmac;
    }

    public void setEmailHmac(String emailHmac) {
        this.emailHmac = emailHmac;
    }

    public String getLeaseOwner() {
        return leaseOwner;
    }

    public void setLeaseOwner(String leaseOwner) {
        this.leaseOwner = leaseOwner;
    }

    public String getUploadUrl() {
        return uploadUrl;
    }

    public void setUploadUrl(String uploadUrl) {
        this.uploadUrl = uploadUrl;
    }
}
