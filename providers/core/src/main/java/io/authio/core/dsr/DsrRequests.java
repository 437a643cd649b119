package io.authio.core.dsr;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

import io.authio.core.DomainException;
import io.authio.core.api.Fields;
import io.authio.core.api.JsonBody;
import io.authio.core.api.PageRequest;
import io.authio.core.api.Params;

/**
 * Validation of the DSR API's input: the create body, the fulfill body and the list filters. Pure, so
 * every rule is unit-tested; anything out of shape is refused as invalid input naming the field before a row is written.
 */
public final class DsrRequests {

    /** GDPR's one-month baseline. */
    public static final int DEFAULT_DUE_DAYS = 30;
    public static final int MIN_DUE_DAYS = 1;
    /** The longest statutory period with extension (GDPR: one month plus two; CCPA: 45 plus 45 days). */
    public static final int MAX_DUE_DAYS = 90;
    public static final int MAX_EMAIL = 254;
    public static final int MAX_NOTES = 2000;
    public static final int MAX_URL = 4096;

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s\"<>()\\[\\],;:\\\\]{1,64}@[A-Za-z0-9.-]{1,253}$");

    private DsrRequests() {
    }

    /** A validated create request. {@code userEmail} is normalized (trimmed, lower case) like Keycloak stores it. */
    public record Create(DsrType type, String userEmail, String notes, int dueDays) {

        public Instant dueAt(Instant createdAt) {
            return createdAt.plus(Duration.ofDays(dueDays));
        }
    }

    /** A validated fulfill request: the presigned upload URL, or null to keep the bundle for download. */
    public record Fulfill(URI outputArtifactUrl) {
    }

    /** Validated list filters; null fields mean "any". {@code userEmail} is normalized. */
    public record ListQuery(DsrStatus status, DsrType type, Boolean overdue, String userEmail, PageRequest page) {
    }

    /** The create body as sent; the constructor checks each field. */
    record CreateBody(String requestType, String userEmail, String notes, Long dueDays) {
        CreateBody {
            Fields.text("request_type", requestType, 32, true);
            Fields.text("user_email", userEmail, MAX_EMAIL, true);
            Fields.text("notes", notes, MAX_NOTES, false);
            Fields.integer("due_days", dueDays, MIN_DUE_DAYS, MAX_DUE_DAYS, DEFAULT_DUE_DAYS);
        }
    }

    /** The fulfill body as sent. */
    record FulfillBody(String outputArtifactUrl) {
        FulfillBody {
            Fields.text("output_artifact_url", outputArtifactUrl, MAX_URL, false);
        }
    }

    public static Create create(String body) {
        CreateBody in = JsonBody.read(body, CreateBody.class);
        DsrType type = DsrType.of(in.requestType());
        if (type == null) {
            throw DomainException.invalid("request_type must be deletion or export");
        }
        String email = normalizeEmail(in.userEmail());
        int dueDays = (int) Fields.integer("due_days", in.dueDays(), MIN_DUE_DAYS, MAX_DUE_DAYS, DEFAULT_DUE_DAYS);
        return new Create(type, email, in.notes(), dueDays);
    }

    public static Fulfill fulfill(String body) {
        String url = JsonBody.read(body, FulfillBody.class).outputArtifactUrl();
        if (url == null) {
            return new Fulfill(null);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw DomainException.invalid("output_artifact_url must be an absolute https URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null
                || !(scheme.equals("https") || scheme.equals("http"))) {
            throw DomainException.invalid("output_artifact_url must be an absolute https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw DomainException.invalid("output_artifact_url must not carry credentials");
        }
        return new Fulfill(uri);
    }

    /** A body that must be {@code {}} or absent (cancel). */
    public static void empty(String body) {
        JsonBody.read(body, JsonBody.Empty.class);
    }

    /** Trims and lower-cases; refuses what cannot be an address (an unknown but valid address is fine). */
    public static String normalizeEmail(String value) {
        return normalizeEmail(value, "user_email");
    }

    private static String normalizeEmail(String value, String name) {
        String email = value.strip().toLowerCase(Locale.ROOT);
        if (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches() || email.startsWith(".") || email.contains("..")) {
            throw DomainException.invalid(name + " must be an email address");
        }
        return email;
    }

    private static final Pattern STATUS = Pattern.compile("^(pending|in_progress|completed|cancelled)$");
    private static final Pattern TYPE = Pattern.compile("^(deletion|export)$");
    private static final Pattern BOOL = Pattern.compile("^(true|false)$");

    public static ListQuery list(String status, String type, String overdue, String userEmail, String limit, String cursor) {
        String s = Params.matching("status", status, STATUS, "one of pending, in_progress, completed, cancelled");
        String t = Params.matching("type", type, TYPE, "deletion or export");
        String o = Params.matching("overdue", overdue, BOOL, "true or false");
        String email = userEmail == null || userEmail.isEmpty() ? null : normalizeEmail(userEmail, "user_email");
        // cursors carry the bare UUID of the last row (the dsr_ prefix is not part of the sort key)
        PageRequest page = PageRequest.parse(limit, cursor, 50, 200);
        return new ListQuery(s == null ? null : DsrStatus.of(s), t == null ? null : DsrType.of(t),
                o == null ? null : Boolean.valueOf(o), email, page);
    }

    /**
     * How long {@code POST .../fulfill} waits for its run (RFC 7240 {@code Prefer}): {@code respond-async} not at all,
     * {@code wait=N} at most N seconds, otherwise the configured wait; never longer than it.
     */
    public static long preferredWait(String prefer, long configuredMillis) {
        if (prefer == null) {
            return configuredMillis;
        }
        long wait = configuredMillis;
        for (String token : prefer.split("[,;]")) {
            String p = token.strip().toLowerCase(Locale.ROOT);
            if (p.equals("respond-async")) {
                return 0;
            }
            if (p.startsWith("wait=") && p.length() <= 15) {
                try {
                    wait = Math.min(configuredMillis, Math.max(0, Long.parseLong(p.substring(5))) * 1000);
                } catch (NumberFormatException ignored) {
                    // an unusable preference is ignored (RFC 7240 section 2)
                }
            }
        }
        return wait;
    }

    /** Whether an open request has passed its due date at {@code now}. */
    public static boolean isOverdue(DsrStatus status, Instant dueAt, Instant now) {
        return status.isOpen() && now.isAfter(dueAt);
    }
}
