package io.authio.keycloak.keys;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.keycloak.common.util.KeyUtils;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.crypto.KeyStatus;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.keys.Attributes;
import org.keycloak.keys.KeyProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import io.authio.core.audit.AuditJson;

/**
 * The realm's sealed signing keys: rotation (new key active; previous ones passive for a grace period, so
 * tokens they signed still verify through the JWKS, then disabled) and re-sealing onto a new data key.
 */
public final class SigningKeys {

    static final Set<String> PROVIDERS = Set.of(SealedRsaKeyProviderFactory.ID, SealedEcKeyProviderFactory.ID);
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final KeycloakSession session;
    private final RealmModel realm;

    public SigningKeys(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    public record Rotation(ComponentModel created, String newKid, List<String> previousKids, Long passiveUntil) {
    }

    /**
     * Creates a new sealed key for the algorithm, ranked above every other enabled key of that algorithm, and
     * turns the realm's previous active sealed keys of the algorithm passive until now + grace.
     */
    public Rotation rotate(String algorithm, long gracePeriodSeconds, Integer rsaKeySize, Actor actor) {
        String providerId = SealedRsaKeyProviderFactory.ALGORITHMS.contains(algorithm) ? SealedRsaKeyProviderFactory.ID : SealedEcKeyProviderFactory.ID;
        // one rotation per realm at a time, so two concurrent calls cannot both leave an active key behind
        new DataKeys(session, realm).lockRealm();
        long now = System.currentTimeMillis();
        long topPriority = Math.max(
                session.keys().getKeysStream(realm, KeyUse.SIG, algorithm).mapToLong(KeyWrapper::getProviderPriority).max().orElse(0L),
                sealedKeys().stream()
                        .filter(c -> algorithm.equals(c.get(Attributes.ALGORITHM_KEY)) && c.get(Attributes.ENABLED_KEY, true))
                        .mapToLong(c -> c.get(Attributes.PRIORITY_KEY, 0L)).max().orElse(0L));
        List<ComponentModel> previous = sealedKeys()
                .stream()
                .filter(c -> algorithm.equals(c.get(Attributes.ALGORITHM_KEY)))
                .filter(c -> SealedKeyProviderFactory.status(c, now) == KeyStatus.ACTIVE)
                .toList();

        ComponentModel model = new ComponentModel();
        model.setName(providerId + "-" + algorithm.toLowerCase(java.util.Locale.ROOT) + "-" + NAME_TIME.format(Instant.ofEpochMilli(now)));
        model.setParentId(realm.getId());
        model.setProviderId(providerId);
        model.setProviderType(KeyProvider.class.getName());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle(Attributes.PRIORITY_KEY, Long.toString(Math.max(100L, topPriority + 10)));
        config.putSingle(Attributes.ALGORITHM_KEY, algorithm);
        config.putSingle(Attributes.ACTIVE_KEY, "true");
        config.putSingle(Attributes.ENABLED_KEY, "true");
        if (rsaKeySize != null) {
            config.putSingle(Attributes.KEY_SIZE_KEY, rsaKeySize.toString());
        }
        model.setConfig(config);
        ComponentModel created = realm.addComponentModel(model);

        Long passiveUntil = previous.isEmpty() ? null : now + gracePeriodSeconds * 1000L;
        List<String> previousKids = new ArrayList<>();
        for (ComponentModel cached : previous) {
            ComponentModel old = new ComponentModel(cached); // never mutate the realm cache's instance
            previousKids.add(kid(old));
            old.put(Attributes.ACTIVE_KEY, "false");
            old.put(SealedKeyProviderFactory.PASSIVE_UNTIL, Long.toString(passiveUntil));
            realm.updateComponent(old);
        }
        String newKid = kid(created);

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("algorithm", algorithm);
        details.put("component_id", created.getId());
        details.put("grace_period_seconds", gracePeriodSeconds);
        details.put("previous_passive_until", passiveUntil == null ? null : AuditJson.timestamp(Instant.ofEpochMilli(passiveUntil)));
        details.put("previous_key_ids", previousKids);
        new KeyRotations(session).record(realm.getId(), KeyRotations.SIGNING_KEY,
                previousKids.isEmpty() ? null : String.join(",", previousKids), newKid, actor, details);
        return new Rotation(created, newKid, previousKids, passiveUntil);
    }

    /** The realm's sealed signing key components. */
    public List<ComponentModel> sealedKeys() {
        return realm.getComponentsStream(realm.getId(), KeyProvider.class.getName())
                .filter(c -> PROVIDERS.contains(c.getProviderId()))
                .toList();
    }

    /** JSON view: id, kid, algorithm, status (computed now), priority, grace end. No key material. */
    public List<Map<String, Object>> describe() {
        long now = System.currentTimeMillis();
        List<Map<String, Object>> out = new ArrayList<>();
        for (ComponentModel c : sealedKeys()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("component_id", c.getId());
            m.put("name", c.getName());
            m.put("provider_id", c.getProviderId());
            m.put("kid", kid(c));
            m.put("algorithm", c.get(Attributes.ALGORITHM_KEY));
            m.put("status", SealedKeyProviderFactory.status(c, now).name().toLowerCase(java.util.Locale.ROOT));
            m.put("priority", c.get(Attributes.PRIORITY_KEY, 0L));
            String until = c.get(SealedKeyProviderFactory.PASSIVE_UNTIL);
            m.put("passive_until", until == null ? null : AuditJson.timestamp(Instant.ofEpochMilli(Long.parseLong(until))));
            String sealed = c.get(SealedKeyProviderFactory.SEALED_PRIVATE_KEY);
            m.put("data_key_version", sealed == null ? null : Secrets.dataKeyVersion(sealed));
            out.add(m);
        }
        return out;
    }

    /** Re-seals every sealed private key of the realm onto the newest data key; returns how many moved. */
    int reseal(Secrets secrets) {
        int moved = 0;
        for (ComponentModel c : sealedKeys()) {
            String sealed = c.get(SealedKeyProviderFactory.SEALED_PRIVATE_KEY);
            if (sealed == null) {
                continue;
            }
            String resealed = secrets.reseal(realm.getId(), SealedKeyProviderFactory.PURPOSE, c.getId(), sealed);
            if (!resealed.equals(sealed)) {
                ComponentModel copy = new ComponentModel(c);
                copy.put(SealedKeyProviderFactory.SEALED_PRIVATE_KEY, resealed);
                realm.updateComponent(copy);
                moved++;
            }
        }
        return moved;
    }

    Map<Integer, Long> versionsInUse() {
        Map<Integer, Long> versions = new TreeMap<>();
        for (ComponentModel c : sealedKeys()) {
            String sealed = c.get(SealedKeyProviderFactory.SEALED_PRIVATE_KEY);
            if (sealed != null) {
                versions.merge(Secrets.dataKeyVersion(sealed), 1L, Long::sum);
            }
        }
        return versions;
    }

    /** The JWK kid Keycloak publishes for the key: derived from the stored public key, like {@link SealedKeyProvider}. */
    String kid(ComponentModel component) {
        var factory = (SealedKeyProviderFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(KeyProvider.class, component.getProviderId());
        var publicKey = factory.publicKey(component);
        return publicKey == null ? null : KeyUtils.createKeyId(publicKey);
    }
}
