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
import io.authio.keycloak.http.Caller;

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
    public Rotation rotate(String algorithm, long gracePeriodSeconds, Integer rsaKeySize, Caller actor) {
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

        ComponentModel created = newSealed(providerId, algorithm, Math.max(100L, topPriority + 10), rsaKeySize, now);

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

    /** Keycloak's key providers that keep a private key in plaintext in COMPONENT_CONFIG and that Authio can seal. */
    static final Set<String> ADOPTABLE = Set.of("rsa-generated", "rsa", "rsa-enc-generated", "rsa-enc", "ecdsa-generated");
    /** Keycloak's providers with plaintext private keys that have no sealed counterpart (reported, left alone). */
    private static final Set<String> NOT_ADOPTABLE = Set.of("eddsa-generated", "ecdh-generated");

    public record Adoption(List<Map<String, Object>> adopted, List<Map<String, Object>> created, List<String> plaintextRemaining) {
    }

    /**
     * Seals the realm's plaintext private keys in place: every RSA/EC key of Keycloak's generated or imported
     * providers moves into a sealed component holding the same key pair (same kid, certificate, priority, status, so
     * tokens keep verifying and nothing waits for a grace period), and the plaintext component is deleted. Then, if
     * the realm has no active RS256 signing key or RSA-OAEP encryption key, a sealed one is created, so Keycloak never
     * generates a plaintext fallback key. {@code lock} is false only inside the realm's own creation.
     */
    public Adoption adopt(Caller actor, boolean lock) {
        if (lock) {
            new DataKeys(session, realm).lockRealm();
        }
        List<ComponentModel> plaintext = realm.getComponentsStream(realm.getId(), KeyProvider.class.getName())
                .filter(c -> ADOPTABLE.contains(c.getProviderId())).toList();
        Map<String, List<KeyWrapper>> keys = plaintext.isEmpty() ? Map.of()
                : session.keys().getKeysStream(realm).filter(k -> k.getProviderId() != null)
                        .collect(java.util.stream.Collectors.groupingBy(KeyWrapper::getProviderId));
        List<Map<String, Object>> adopted = new ArrayList<>();
        for (ComponentModel component : plaintext) {
            List<KeyWrapper> found = keys.getOrDefault(component.getId(), List.of());
            if (found.size() != 1 || !(found.get(0).getPrivateKey() instanceof java.security.PrivateKey)) {
                continue; // unreadable or empty: left alone and reported below
            }
            KeyWrapper key = found.get(0);
            ComponentModel sealed = sealedCopy(component, key);
            realm.removeComponent(component);
            String kid = kid(sealed);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("adopted_component_id", component.getId());
            details.put("adopted_provider_id", component.getProviderId());
            details.put("component_id", sealed.getId());
            details.put("algorithm", key.getAlgorithm());
            new KeyRotations(session).record(realm.getId(), KeyRotations.SIGNING_KEY, kid, kid, actor, details);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kid", kid);
            row.put("algorithm", key.getAlgorithm());
            row.put("from_component_id", component.getId());
            row.put("from_provider_id", component.getProviderId());
            row.put("component_id", sealed.getId());
            adopted.add(row);
        }
        List<Map<String, Object>> created = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (String algorithm : List.of(org.keycloak.crypto.Algorithm.RS256, org.keycloak.crypto.Algorithm.RSA_OAEP)) {
            boolean present = sealedKeys().stream().anyMatch(c -> algorithm.equals(c.get(Attributes.ALGORITHM_KEY))
                    && SealedKeyProviderFactory.status(c, now) == KeyStatus.ACTIVE);
            if (!present) {
                ComponentModel model = newSealed(SealedRsaKeyProviderFactory.ID, algorithm, 100L, null, now);
                String kid = kid(model);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("algorithm", algorithm);
                details.put("component_id", model.getId());
                details.put("reason", "no active sealed " + algorithm + " key");
                new KeyRotations(session).record(realm.getId(), KeyRotations.SIGNING_KEY, null, kid, actor, details);
                created.add(Map.of("kid", kid, "algorithm", algorithm, "component_id", model.getId()));
            }
        }
        List<String> remaining = realm.getComponentsStream(realm.getId(), KeyProvider.class.getName())
                .filter(c -> ADOPTABLE.contains(c.getProviderId()) || NOT_ADOPTABLE.contains(c.getProviderId()))
                .map(c -> c.getName() + " (" + c.getProviderId() + ")").sorted().toList();
        return new Adoption(adopted, created, remaining);
    }

    /** A sealed component holding this key pair, ranked and enabled like the original. */
    private ComponentModel sealedCopy(ComponentModel original, KeyWrapper key) {
        boolean rsa = key.getPublicKey() instanceof java.security.interfaces.RSAPublicKey;
        ComponentModel model = new ComponentModel();
        model.setId(org.keycloak.models.utils.KeycloakModelUtils.generateId());
        model.setName("authio-sealed-" + original.getName());
        model.setParentId(realm.getId());
        model.setProviderId(rsa ? SealedRsaKeyProviderFactory.ID : SealedEcKeyProviderFactory.ID);
        model.setProviderType(KeyProvider.class.getName());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle(Attributes.PRIORITY_KEY, original.get(Attributes.PRIORITY_KEY, "0"));
        config.putSingle(Attributes.ALGORITHM_KEY, key.getAlgorithm());
        config.putSingle(Attributes.ACTIVE_KEY, original.get(Attributes.ACTIVE_KEY, "true"));
        config.putSingle(Attributes.ENABLED_KEY, original.get(Attributes.ENABLED_KEY, "true"));
        if (rsa) {
            config.putSingle(Attributes.KEY_SIZE_KEY,
                    Integer.toString(((java.security.interfaces.RSAPublicKey) key.getPublicKey()).getModulus().bitLength()));
        }
        byte[] pkcs8 = ((java.security.PrivateKey) key.getPrivateKey()).getEncoded();
        try {
            config.putSingle(SealedKeyProviderFactory.SEALED_PRIVATE_KEY,
                    Secrets.of(session).seal(realm.getId(), SealedKeyProviderFactory.PURPOSE, model.getId(), pkcs8));
        } finally {
            java.util.Arrays.fill(pkcs8, (byte) 0);
        }
        config.putSingle(SealedKeyProviderFactory.PUBLIC_KEY, java.util.Base64.getEncoder().encodeToString(key.getPublicKey().getEncoded()));
        if (rsa && key.getCertificate() != null) {
            config.putSingle(Attributes.CERTIFICATE_KEY, org.keycloak.common.util.PemUtils.encodeCertificate(key.getCertificate()));
        }
        model.setConfig(config);
        return realm.addComponentModel(model);
    }

    private ComponentModel newSealed(String providerId, String algorithm, long priority, Integer rsaKeySize, long now) {
        ComponentModel model = new ComponentModel();
        model.setName(providerId + "-" + algorithm.toLowerCase(java.util.Locale.ROOT) + "-" + NAME_TIME.format(Instant.ofEpochMilli(now)));
        model.setParentId(realm.getId());
        model.setProviderId(providerId);
        model.setProviderType(KeyProvider.class.getName());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle(Attributes.PRIORITY_KEY, Long.toString(priority));
        config.putSingle(Attributes.ALGORITHM_KEY, algorithm);
        config.putSingle(Attributes.ACTIVE_KEY, "true");
        config.putSingle(Attributes.ENABLED_KEY, "true");
        if (rsaKeySize != null) {
            config.putSingle(Attributes.KEY_SIZE_KEY, rsaKeySize.toString());
        }
        model.setConfig(config);
        return realm.addComponentModel(model);
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
