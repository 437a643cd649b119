package io.authio.keycloak.delivery;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A webhook endpoint or SIEM sink of a realm. Secrets are stored sealed (io.authio.keycloak.keys.Secrets). */
@Entity
@Table(name = "AUTHIO_DESTINATION")
public class DestinationEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** webhook, syslog or http */
    @Column(name = "KIND", length = 16, nullable = false)
    private String kind;

    @Column(name = "URL", length = 2048, nullable = false)
    private String url;

    @Column(name = "DESCRIPTION", length = 255)
    private String description;

    /** SIEM: json, ocsf or cef */
    @Column(name = "FORMAT", length = 32)
    private String format;

    /** HTTP sinks: ndjson or splunk-hec */
    @Column(name = "ENCODING", length = 32)
    private String encoding;

    /** space-separated event type patterns */
    @Column(name = "EVENT_FILTER", length = 4000, nullable = false)
    private String eventFilter;

    @Column(name = "ENABLED", nullable = false)
    private boolean enabled;

    /** sealed: webhook signing secret or sink credential */
    @Column(name = "SECRET")
    private String secret;

    /** sealed: the secret that still signs during a rotation's grace period */
    @Column(name = "PREVIOUS_SECRET")
    private String previousSecret;

    @Column(name = "PREVIOUS_SECRET_UNTIL")
    private Long previousSecretUntil;

    /** JSON: transport options such as a TLS trust anchor or syslog facility */
    @Column(name = "OPTIONS")
    private String options;

    /** start of the current run of failed deliveries, null when healthy */
    @Column(name = "FAILING_SINCE")
    private Long failingSince;

    @Column(name = "DISABLED_REASON", length = 255)
    private String disabledReason;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

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

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public String getFormat() {
        return format;
    }

    public void setFormat(String format) {
        this.format = format;
    }

    public String getEncoding() {
        return encoding;
    }

    public void setEncoding(String encoding) {
        this.encoding = encoding;
    }

    public String getEventFilter() {
        return eventFilter;
    }

    public void setEventFilter(String eventFilter) {
        this.eventFilter = eventFilter;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getSecret() {
        return secret;
    }

    public void setSecret(String secret) {
        this.secret = secret;
    }

    public String getPreviousSecret() {
        return previousSecret;
    }

    public void setPreviousSecret(String previousSecret) {
        this.previousSecret = previousSecret;
    }

    public Long getPreviousSecretUntil() {
        return previousSecretUntil;
    }

    public void setPreviousSecretUntil(Long previousSecretUntil) {
        this.previousSecretUntil = previousSecretUntil;
    }

    public String getOptions() {
        return options;
    }

    public void setOptions(String options) {
        this.options = options;
    }

    public Long getFailingSince() {
        return failingSince;
    }

    public void setFailingSince(Long failingSince) {
        this.failingSince = failingSince;
    }

    public String getDisabledReason() {
        return disabledReason;
    }

    public void setDisabledReason(String disabledReason) {
        this.disabledReason = disabledReason;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public long getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(long updatedAt) {
        this.updatedAt = updatedAt;
    }
}
