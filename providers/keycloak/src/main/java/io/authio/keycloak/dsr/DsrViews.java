package io.authio.keycloak.dsr;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.authio.core.dsr.DsrRequests;
import io.authio.core.dsr.DsrStatus;
import io.authio.core.dsr.Evidence;

/** JSON shape of a request in the API (snake_case, RFC 3339, every field always present). */
final class DsrViews {

    private DsrViews() {
    }

    static Map<String, Object> view(DsrEntity d) {
        Instant now = Instant.now();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dsr_id", d.getId());
        out.put("request_type", d.getRequestType());
        out.put("status", d.getStatus());
        out.put("user_email", d.getUserEmail());
        out.put("notes", d.getNotes());
        out.put("created_at", ts(d.getCreatedAt()));
        out.put("due_at", ts(d.getDueAt()));
        out.put("overdue", DsrRequests.isOverdue(DsrStatus.of(d.getStatus()), Instant.ofEpochMilli(d.getDueAt()), now));
        out.put("completed_at", ts(d.getCompletedAt()));
        out.put("cancelled_at", ts(d.getCancelledAt()));
        Map<String, Object> artifact = null;
        if (d.getArtifactState() != null) {
            artifact = new LinkedHashMap<>();
            artifact.put("state", d.getArtifactState());
            artifact.put("expires_at", ts(d.getArtifactExpiresAt()));
            artifact.put("download_path", "available".equals(d.getArtifactState())
                    ? "compliance/dsr/" + d.getId() + "/artifact" : null);
        }
        out.put("artifact", artifact);
        out.put("evidence", d.getEvidence() == null ? null : Evidence.parse(d.getEvidence()).node());
        return out;
    }

    static String ts(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }
}
