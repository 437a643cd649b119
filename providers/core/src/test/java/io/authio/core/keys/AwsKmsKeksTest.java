package io.authio.core.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The aws-kms KEK against the loopback KMS emulator (every request's SigV4 signature checked with the SDK's own
 * signer): wrap/unwrap bound to realm and version, key resolution and the refusals an operator sees, retries under
 * a deadline, and the health record of an outage.
 */
class AwsKmsKeksTest {

    private static KmsEmulator kms;
    private static String arn;
    private static final List<String> events = new ArrayList<>();
    private static final KekHealth.Listener LISTENER = new KekHealth.Listener() {
        @Override
        public void failing(String lastError) {
            events.add("failing: " + lastError);
        }

        @Override
        public void recovered(Instant failingSince) {
            events.add("recovered");
        }
    };

    @BeforeAll
    static void emulator() {
        // the SDK's default credentials chain reads these first; nothing else in the tests sets credentials
        System.setProperty("aws.accessKeyId", KmsEmulator.ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", KmsEmulator.SECRET_ACCESS_KEY);
        kms = KmsEmulator.start();
        arn = kms.createKey("authio-kek");
    }

    @AfterAll
    static void stop() {
        kms.close();
    }

    private static AwsKmsSettings settings(String keyId, List<String> previous, int attempts) {
        return new AwsKmsSettings(keyId, previous, KmsEmulator.REGION, kms.endpoint(), Duration.ofSeconds(5), attempts);
    }

    private static KekHealth health() {
        return new KekHealth(Clock.systemUTC(), LISTENER);
    }

    @Test
    void anAliasResolvesToTheKeyArnAndDataKeysAreBoundToRealmAndVersion() {
        KekSet keks = AwsKmsKeks.load(settings("alias/authio-kek", List.of(), 4), health());
        Kek kek = keks.current();
        assertEquals("aws-kms:" + arn, kek.id(), "the ARN, not the alias, names the KEK");
        DataKey key = DataKey.generate(3);
        String wrapped = DataKeyWrap.wrap(kek, "realm-a", key);
        assertTrue(wrapped.startsWith("k1."), wrapped);
        assertEquals(key, DataKeyWrap.unwrap(kek, "realm-a", 3, wrapped));
        assertEquals(Map.of("authio:purpose", "data-key", "authio:realm", "realm-a", "authio:data-key-version", "3"),
                kms.decryptContexts().get(kms.decryptContexts().size() - 1), "the encryption context KMS saw (and CloudTrail logs)");
        assertThrows(SealException.class, () -> DataKeyWrap.unwrap(kek, "realm-b", 3, wrapped), "copied to another realm");
        assertThrows(SealException.class, () -> DataKeyWrap.unwrap(kek, "realm-a", 2, wrapped), "copied to another version");
        assertThrows(SealException.class, () -> DataKeyWrap.unwrap(kek, "realm-a", 3, "w1." + wrapped.substring(3)), "another format");
        assertEquals(0, kms.badSignatures(), "every request carried a valid SigV4 signature");
    }

    @Test
    void aDataKeyWrappedUnderAnotherKmsKeyIsRefusedEvenWhenTheRoleCouldUseThatKey() {
        String other = kms.createKey(null);
        Kek foreign = AwsKmsKeks.load(settings(other, List.of(), 4), health()).current();
        String wrapped = DataKeyWrap.wrap(foreign, "realm-a", DataKey.generate(1));
        Kek ours = AwsKmsKeks.load(settings(arn, List.of(), 4), health()).current();
        assertThrows(SealException.class, () -> DataKeyWrap.unwrap(ours, "realm-a", 1, wrapped));
    }

    @Test
    void previousKeysStayReadableForARewrap() {
        String next = kms.createKey("authio-kek-next");
        KekSet keks = AwsKmsKeks.load(settings("alias/authio-kek-next", List.of("alias/authio-kek"), 4), health());
        assertEquals("aws-kms:" + next, keks.current().id());
        assertTrue(keks.find("aws-kms:" + arn).isPresent());
        DataKey key = DataKey.generate(1);
        String old = DataKeyWrap.wrap(keks.find("aws-kms:" + arn).orElseThrow(), "r", key);
        String rewrapped = DataKeyWrap.wrap(keks.current(), "r", DataKeyWrap.unwrap(keks.find("aws-kms:" + arn).orElseThrow(), "r", 1, old));
        assertEquals(key, DataKeyWrap.unwrap(keks.current(), "r", 1, rewrapped));
    }

    @Test
    void loadingRefusesUnusableKeysNamingTheCause() {
        String disabled = kms.createKey(null);
        kms.setState(disabled, "Disabled");
        KekCallException e = assertThrows(KekCallException.class, () -> AwsKmsKeks.load(settings(disabled, List.of(), 4), health()));
        assertEquals(KekCallException.Cause.KEY_DISABLED, e.reason());
        assertTrue(e.getMessage().contains("key disabled"), e.getMessage());

        String deleted = kms.createKey(null);
        kms.setState(deleted, "PendingDeletion");
        e = assertThrows(KekCallException.class, () -> AwsKmsKeks.load(settings(deleted, List.of(), 4), health()));
        assertEquals(KekCallException.Cause.KEY_PENDING_DELETION, e.reason());

        e = assertThrows(KekCallException.class, () -> AwsKmsKeks.load(settings("alias/no-such-key", List.of(), 4), health()));
        assertEquals(KekCallException.Cause.KEY_NOT_FOUND, e.reason());

        kms.deny("Encrypt");
        try {
            e = assertThrows(KekCallException.class, () -> AwsKmsKeks.load(settings(arn, List.of(), 4), health()));
            assertEquals(KekCallException.Cause.ACCESS_DENIED, e.reason());
            assertTrue(e.getMessage().startsWith("AWS KMS Encrypt with key " + arn + ": access denied (AccessDeniedException: "), e.getMessage());
        } finally {
            kms.allowAll();
        }
    }

    @Test
    void wrongCredentialsAreReportedAsSuchAndTheSecretNeverAppears() {
        System.setProperty("aws.secretAccessKey", "not-the-secret-0000000000000000000000000");
        try {
            KekCallException e = assertThrows(KekCallException.class, () -> AwsKmsKeks.load(settings(arn, List.of(), 2), health()));
            assertEquals(KekCallException.Cause.CREDENTIALS, e.reason(), e.getMessage());
            assertFalse(e.getMessage().contains("not-the-secret"), e.getMessage());
        } finally {
            System.setProperty("aws.secretAccessKey", KmsEmulator.SECRET_ACCESS_KEY);
        }
    }

    @Test
    void throttlingIsRetriedWithBackoffAndGivesUpAfterTheConfiguredAttempts() {
        Kek kek = AwsKmsKeks.load(settings(arn, List.of(), 3), health()).current();
        int before = kms.calls("Encrypt");
        kms.failNext(2, "ThrottlingException");
        DataKeyWrap.wrap(kek, "r", DataKey.generate(1));
        assertEquals(before + 3, kms.calls("Encrypt"), "two throttled attempts, then success");

        before = kms.calls("Encrypt");
        kms.failNext(3, "ThrottlingException");
        KekCallException e = assertThrows(KekCallException.class, () -> DataKeyWrap.wrap(kek, "r", DataKey.generate(1)));
        assertEquals(KekCallException.Cause.THROTTLED, e.reason());
        assertEquals(before + 3, kms.calls("Encrypt"), "max-attempts bounds the retries");
    }

    @Test
    void anOutageIsRecordedAndEndsWithTheFirstSuccessfulCall() {
        KekHealth health = health();
        Kek kek = AwsKmsKeks.load(settings(arn, List.of(), 2), health).current();
        String wrapped = DataKeyWrap.wrap(kek, "r", DataKey.generate(1));
        assertEquals(KekHealth.State.UP, health.snapshot(60_000).state());
        events.clear();
        kms.stop();
        try {
            long start = System.nanoTime();
            KekCallException e = assertThrows(KekCallException.class, () -> DataKeyWrap.unwrap(kek, "r", 1, wrapped));
            assertEquals(KekCallException.Cause.UNREACHABLE, e.reason(), e.getMessage());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(6)) < 0, "within the call deadline");
            assertEquals(KekHealth.State.DEGRADED, health.snapshot(60_000).state());
            assertEquals(KekHealth.State.DOWN, health.snapshot(0).state(), "past the cache lifetime nothing opened before is left");
            assertEquals(1, events.size(), events.toString());
            assertTrue(events.get(0).startsWith("failing: AWS KMS Decrypt with key " + arn + ": unreachable"), events.toString());
        } finally {
            kms.resume();
        }
        assertEquals(1, DataKeyWrap.unwrap(kek, "r", 1, wrapped).version());
        assertEquals(KekHealth.State.UP, health.snapshot(60_000).state());
        assertEquals(List.of(events.get(0), "recovered"), events);
    }

    @Test
    void anEndpointMustBeTlsUnlessItIsThisMachine() {
        assertThrows(IllegalArgumentException.class, () -> new AwsKmsSettings(arn, List.of(), null, URI.create("http://kms.example.com"), null, 4));
        assertThrows(IllegalArgumentException.class, () -> new AwsKmsSettings(arn, List.of(), null, URI.create("https://u:p@kms.example.com"), null, 4));
        new AwsKmsSettings(arn, List.of(), null, URI.create("https://vpce-1.kms.eu-central-1.vpce.amazonaws.com"), null, 4);
        assertEquals(KmsEmulator.REGION, new AwsKmsSettings(arn, List.of(), null, null, null, 4).effectiveRegion(), "from the key ARN");
        assertEquals("us-west-2", new AwsKmsSettings(arn, List.of(), "us-west-2", null, null, 4).effectiveRegion());
        assertEquals(null, new AwsKmsSettings("alias/x", List.of(), null, null, null, 4).effectiveRegion());
    }
}
