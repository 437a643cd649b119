package io.authio.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.authio.core.DomainException;

class AuditQueryTest {

    @Test
    void absentParametersMeanNoFilterAndTheDefaultPage() {
        AuditQuery q = AuditQuery.parse(null, null, null, null, null, null);
        assertNull(q.userId());
        assertNull(q.typePrefix());
        assertNull(q.since());
        assertNull(q.until());
        assertNull(q.page().after());
        assertEquals(AuditQuery.DEFAULT_LIMIT, q.page().limit());
    }

    @Test
    void timestampsAcceptRfc3339WithOffsets() {
        AuditQuery q = AuditQuery.parse(null, "user.login", "2026-01-01T01:00:00+01:00", "2026-01-02T00:00:00Z", "500", null);
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), q.since());
        assertEquals(Instant.parse("2026-01-02T00:00:00Z"), q.until());
        assertEquals(500, q.page().limit());
        assertEquals("user.login", q.typePrefix());
    }

    @ParameterizedTest(name = "[{index}] user_id={0} type={1} since={2} until={3} limit={4}")
    @CsvSource(nullValues = "-", value = {
            "x, -, -, -, -",
            "-, User.Login, -, -, -",
            "-, user..login, -, -, -",
            "-, user.login., -, -, -",
            "-, user%, -, -, -",
            "-, -, 2026-01-01, -, -",
            "-, -, 1700000000000, -, -",
            "-, -, -, tomorrow, -",
            "-, -, 2026-01-02T00:00:00Z, 2026-01-01T00:00:00Z, -",
            "-, -, 2026-01-01T00:00:00Z, 2026-01-01T00:00:00Z, -",
            "-, -, -, -, 0",
            "-, -, -, -, 501",
            "-, -, -, -, -3",
            "-, -, -, -, 1e3"})
    void malformedParametersAreRejected(String userId, String type, String since, String until, String limit) {
        DomainException e = assertThrows(DomainException.class, () -> AuditQuery.parse(userId, type, since, until, limit, null));
        assertEquals(DomainException.Kind.INVALID, e.kind());
    }
}
