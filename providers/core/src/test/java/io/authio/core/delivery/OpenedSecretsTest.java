package io.authio.core.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class OpenedSecretsTest {

    private final OpenedSecrets memo = new OpenedSecrets(1_000);
    private final AtomicInteger opens = new AtomicInteger();

    private String get(String record, String sealed, long now) {
        return memo.get("realm", "webhook-secret", record, sealed, now, () -> "plain:" + sealed + ":" + opens.incrementAndGet());
    }

    @Test
    void opensASealedValueOnceWhileItIsFresh() {
        assertEquals("plain:v1.1.a:1", get("d1", "v1.1.a", 0));
        assertEquals("plain:v1.1.a:1", get("d1", "v1.1.a", 999));
        assertEquals(1, opens.get());
    }

    @Test
    void aNewSealedTextIsOpenedAgainSoARotatedSecretIsNeverServedStale() {
        get("d1", "v1.1.a", 0);
        assertEquals("plain:v1.2.b:2", get("d1", "v1.2.b", 1));
    }

    @Test
    void theSameSealedTextBoundToAnotherRecordIsOpenedSeparately() {
        get("d1", "v1.1.a", 0);
        get("d2", "v1.1.a", 0);
        assertEquals(2, opens.get());
    }

    @Test
    void anExpiredEntryIsOpenedAgain() {
        get("d1", "v1.1.a", 0);
        assertEquals("plain:v1.1.a:2", get("d1", "v1.1.a", 1_000));
    }

    @Test
    void aFailedOpenIsNotRemembered() {
        try {
            memo.get("realm", "webhook-secret", "d1", "bad", 0, () -> {
                throw new IllegalArgumentException("does not open");
            });
        } catch (IllegalArgumentException expected) {
            // the caller sees the failure
        }
        assertEquals("plain:bad:1", get("d1", "bad", 0));
    }
}
