package io.authio.core.siem;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.authio.core.Product;
import io.authio.core.audit.AuditEvent;

/**
 * Maps audit events onto OCSF 1.1 classes: Authentication (3002) for sign-ins and sign-outs, Account
 * Change (3001) for changes to a user's credentials and account, Entity Management (3004) for admin
 * operations. {@code type_uid = class_uid * 100 + activity_id}. Anything unmapped keeps its Authio type
 * in {@code metadata.event_code} and {@code unmapped}.
 */
public final class Ocsf {

    public static final String SCHEMA_VERSION = "1.1.0";
    static final int AUTHENTICATION = 3002;
    static final int ACCOUNT_CHANGE = 3001;
    static final int ENTITY_MANAGEMENT = 3004;

    private Ocsf() {
    }

    /** OCSF class and activity for an Authio type. */
    record Classification(int classUid, String className, int activityId, String activityName) {
    }

    static Classification classify(String type) {
        if (type.startsWith("user.login.") || type.startsWith("client.login.") || type.startsWith("user.identity.login")
                || type.startsWith("user.identity.first_login")) {
            return new Classification(AUTHENTICATION, "Authentication", 1, "Logon");
        }
        if (type.startsWith("user.logout")) {
            return new Classification(AUTHENTICATION, "Authentication", 2, "Logoff");
        }
        if (type.startsWith("admin.")) {
            if (type.endsWith(".created")) {
                return new Classification(ENTITY_MANAGEMENT, "Entity Management", 1, "Create");
            }
            if (type.endsWith(".updated")) {
                return new Classification(ENTITY_MANAGEMENT, "Entity Management", 3, "Update");
            }
            if (type.endsWith(".deleted")) {
                return new Classification(ENTITY_MANAGEMENT, "Entity Management", 4, "Delete");
            }
            return new Classification(ENTITY_MANAGEMENT, "Entity Management", 99, "Other");
        }
        if (type.equals("user.registered")) {
            return new Classification(ACCOUNT_CHANGE, "Account Change", 1, "Create");
        }
        if (type.equals("user.credential.updated")) {
            return new Classification(ACCOUNT_CHANGE, "Account Change", 3, "Password Change");
        }
        if (type.equals("user.password.reset")) {
            return new Classification(ACCOUNT_CHANGE, "Account Change", 4, "Password Reset");
        }
        if (type.equals("user.deleted")) {
            return new Classification(ACCOUNT_CHANGE, "Account Change", 6, "Delete");
        }
        if (type.startsWith("user.locked.")) {
            return new Classification(ACCOUNT_CHANGE, "Account Change", 9, "Lock");
        }
        if (type.equals("user.credential.added")) {
            return new Classification(ACCOUNT_CHANGE, "Account Change", 10, "MFA Factor Enable");
        }
        if (type.equals("user.credential.removed")) {
            return new Classification(ACCOUNT_CHANGE, "Account Change", 11, "MFA Factor Disable");
        }
        if (type.startsWith("user.")) {
            return new Classification(ACCOUNT_CHANGE, "Account Change", 99, "Other");
        }
        return new Classification(AUTHENTICATION, "Authentication", 99, "Other");
    }

    public static Map<String, Object> of(AuditEvent e) {
        Classification c = classify(e.type());
        boolean failed = e.outcome() == AuditEvent.Outcome.FAILURE;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("category_uid", 3);
        m.put("category_name", "Identity & Access Management");
        m.put("class_uid", c.classUid());
        m.put("class_name", c.className());
        m.put("activity_id", c.activityId());
        m.put("activity_name", c.activityName());
        m.put("type_uid", c.classUid() * 100L + c.activityId());
        m.put("time", e.occurredAt().toEpochMilli());
        m.put("severity_id", failed ? 3 : 1);
        m.put("severity", failed ? "Medium" : "Informational");
        m.put("status_id", failed ? 2 : 1);
        m.put("status", failed ? "Failure" : "Success");
        if (e.metadata().containsKey("error")) {
            m.put("status_detail", e.metadata().get("error"));
        }
        m.put("message", e.type());

        Map<String, Object> product = new LinkedHashMap<>();
        product.put("name", Product.NAME);
        product.put("vendor_name", Product.VENDOR);
        product.put("version", Product.VERSION);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("version", SCHEMA_VERSION);
        metadata.put("product", product);
        metadata.put("uid", e.id());
        metadata.put("event_code", e.type());
        metadata.put("tenant_uid", e.realmId());
        m.put("metadata", metadata);

        Map<String, Object> user = new LinkedHashMap<>();
        user.put("uid", e.userId());
        String email = e.metadata().get("user_email");
        if (email != null) {
            user.put("email_addr", email);
        }
        String username = e.metadata().get("username");
        if (username != null) {
            user.put("name", username);
        }
        if (c.classUid() == ENTITY_MANAGEMENT) {
            Map<String, Object> entity = new LinkedHashMap<>();
            entity.put("type", e.metadata().get("resource_type"));
            entity.put("uid", e.metadata().get("resource_path"));
            m.put("entity", entity);
        } else {
            m.put("user", user);
        }

        Map<String, Object> actorUser = new LinkedHashMap<>();
        actorUser.put("uid", e.actorId());
        actorUser.put("type", e.actorType());
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("user", actorUser);
        if (e.clientId() != null) {
            actor.put("app_name", e.clientId());
        }
        if (e.sessionId() != null) {
            actor.put("session", Map.of("uid", e.sessionId()));
        }
        m.put("actor", actor);

        if (e.ip() != null) {
            m.put("src_endpoint", Map.of("ip", e.ip()));
        }
        if (e.userAgent() != null) {
            m.put("http_request", Map.of("user_agent", e.userAgent()));
        }
        m.put("unmapped", new TreeMap<>(e.metadata()));
        return m;
    }
}
