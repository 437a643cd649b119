package io.authio.keycloak.delivery;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One attempt to deliver an outbox message; or, with no outbox id, one SIEM request that delivered a batch of
 * {@code messages} messages (each points at it with {@code DELIVERED_BY}): a batch is one request, so it is one row.
 */
@Entity
@Table(name = "AUTHIO_DELIVERY_ATTEMPT")
public class DeliveryAttemptEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "OUTBOX_ID", length = 36)
    private String outboxId;

    @Column(name = "DESTINATION_ID", length = 36, nullable = false)
    private String destinationId;

    @Column(name = "ATTEMPT", nullable = false)
    private int attempt;

    @Column(name = "ATTEMPTED_AT", nullable = false)
    private long attemptedAt;

    @Column(name = "SUCCEEDED", nullable = false)
    private boolean succeeded;

    @Column(name = "STATUS_CODE")
    private Integer statusCode;

    @Column(name = "LATENCY_MS", nullable = false)
    private int latencyMs;

    @Column(name = "ERROR", length = 500)
    private String error;

    /** the first KiB of the receiver's answer */
    @Column(name = "RESPONSE", length = 1024)
    private String response;

    /** messages the request carried, for a SIEM batch's row (null: the one message of OUTBOX_ID) */
    @Column(name = "MESSAGES")
    private Integer messages;

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

    public String getOutboxId() {
        return outboxId;
    }

    public void setOutboxId(String outboxId) {
        this.outboxId = outboxId;
    }

    public String getDestinationId() {
        return destinationId;
    }

    public void setDestinationId(String destinationId) {
        this.destinationId = destinationId;
    }

    public int getAttempt() {
        return attempt;
    }

    public void setAttempt(int attempt) {
        this.attempt = attempt;
    }

    public long getAttemptedAt() {
        return attemptedAt;
    }

    public void setAttemptedAt(long attemptedAt) {
        this.attemptedAt = attemptedAt;
    }

    public boolean isSucceeded() {
        return succeeded;
    }

    public void setSucceeded(boolean succeeded) {
        this.succeeded = succeeded;
    }

    public Integer getStatusCode() {
        return statusCode;
    }

    public void setStatusCode(Integer statusCode) {
        this.statusCode = statusCode;
    }

    public int getLatencyMs() {
        return latencyMs;
    }

    public void setLatencyMs(int latencyMs) {
        this.latencyMs = latencyMs;
    }

    public String getError() {
        return error;
    }

    public void setError(String error) {
        this.error = error;
    }

    public String getResponse() {
        return response;
    }

    public void setResponse(String response) {
        this.response = response;
    }

    public Integer getMessages() {
        return messages;
    }

    public void setMessages(Integer messages) {
        this.messages = messages;
    }
}
