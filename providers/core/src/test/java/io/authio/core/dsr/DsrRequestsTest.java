package io.authio.core.dsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.authio.core.DomainException;


class DsrRequestsTest {

    @Test
    void theSpecsDeletionBodyIsAcceptedWithTheGdprDefault() {
        var c = DsrRequests.create("{\"request_type\": \"deletion\", \"user_email\": \"alice@example.com\",\n"
                + "\"notes\": \"submitted via support ticket #1234\"}");
        assertEquals(DsrType.DELETION, c.type());
        assertEquals("alice@example.com", c.userEmail());
        assertEquals(30, c.dueDays());
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(Instant.parse("2026-01-31T00:00:00Z"), c.dueAt(now));
    }

    @Test
    void ccpaDueDaysAndEmailNormalization() {
        var c = DsrRequests.create("{\"request_type\":\"export\",\"user_email\":\"  Alice@Example.COM \",\"due_days\":45}");
        assertEquals(DsrType.EXPORT, c.type());
        assertEquals("alice@example.com", c.userEmail());
        assertEquals(45, c.dueDays());
        assertNull(c.notes());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "[]", "\"x\"", "{", "{\"request_type\":\"deletion\"}",
            "{\"request_type\":\"erase\",\"user_email\":\"a@b.c\"}",
            "{\"request_type\":1,\"user_email\":\"a@b.c\"}",
            "{\"request_type\":\"deletion\",\"user_email\":\"not-an-email\"}",
            "{\"request_type\":\"deletion\",\"user_email\":[\"a@b.c\"]}",
            "{\"request_type\":\"deletion\",\"user_email\":\"a@b.c\",\"due_days\":0}",
            "{\"request_type\":\"deletion\",\"user_email\":\"a@b.c\",\"due_days\":91}",
            "{\"request_type\":\"deletion\",\"user_email\":\"a@b.c\",\"due_days\":\"30\"}",
            "{\"request_type\":\"deletion\",\"user_email\":\"a@b.c\",\"due_days\":30.5}",
            "{\"request_type\":\"deletion\",\"user_email\":\"a@b.c\",\"extra\":true}",
            "{\"request_type\":\"deletion\",\"user_email\":\"a@b.c\",\"notes\":{}}",
            "{\"request_type\":\"deletion\",\"user_email\":\"'; drop table users; --@x\"}",
            "{\"request_type\":\"deletion\",\"user_email\":\"<script>@x.y\"}"})
    void malformedBodiesAre400(String body) {
        DomainException e = assertThrows(DomainException.class, () -> DsrRequests.create(body.isEmpty() ? "{}" : body));
        assertEquals(DomainException.Kind.INVALID, e.kind());
    }

    @Test
    void fulfillAcceptsAnEmptyObjectOrAPresignedUrl() {
        assertNull(DsrRequests.fulfill("{}").outputArtifactUrl());
        assertNull(DsrRequests.fulfill("").outputArtifactUrl());
        assertEquals("bucket.example.com", DsrRequests.fulfill(
                "{\"output_artifact_url\":\"https://bucket.example.com/x?X-Amz-Signature=abc\"}").outputArtifactUrl().getHost());
        for (String bad : new String[] {"{\"output_artifact_url\":\"ftp://x/y\"}", "{\"output_artifact_url\":\"/relative\"}",
                "{\"output_artifact_url\":\"https://u:p@x.example/\"}", "{\"output_artifact_url\":5}", "{\"url\":\"https://x\"}"}) {
            assertEquals(DomainException.Kind.INVALID, assertThrows(DomainException.class, () -> DsrRequests.fulfill(bad)).kind(), bad);
        }
    }

    @Test
    void listFiltersAreStrict() {
        var q = DsrRequests.list("pending", "export", "true", " Bob@Example.com ", "10", null);
        assertEquals(DsrStatus.PENDING, q.status());
        assertEquals(DsrType.EXPORT, q.type());
        assertTrue(q.overdue());
        assertEquals(10, q.page().limit());
        assertEquals("bob@example.com", q.userEmail());
        assertThrows(DomainException.class, () -> DsrRequests.list(null, null, null, "not-an-address", null, null));
        assertThrows(DomainException.class, () -> DsrRequests.list("done", null, null, null, null, null));
        assertThrows(DomainException.class, () -> DsrRequests.list(null, null, "yes", null, null, null));
        assertThrows(DomainException.class, () -> DsrRequests.list(null, null, null, null, "0", null));
        assertThrows(DomainException.class, () -> DsrRequests.list(null, null, null, null, null, "!!"));
    }

    @Test
    void fulfillWaitsAsTheCallerPrefersButNeverLongerThanConfigured() {
        assertEquals(10_000, DsrRequests.preferredWait(null, 10_000));
        assertEquals(0, DsrRequests.preferredWait("respond-async", 10_000));
        assertEquals(0, DsrRequests.preferredWait("return=representation, respond-async", 10_000));
        assertEquals(3_000, DsrRequests.preferredWait("wait=3", 10_000));
        assertEquals(10_000, DsrRequests.preferredWait("wait=3600", 10_000));
        assertEquals(10_000, DsrRequests.preferredWait("wait=soon", 10_000));
    }

    @Test
    void overdueOnlyForOpenRequestsPastTheirDueDate() {
        Instant due = Instant.parse("2026-01-31T00:00:00Z");
        assertTrue(DsrRequests.isOverdue(DsrStatus.PENDING, due, due.plusSeconds(1)));
        assertTrue(!DsrRequests.isOverdue(DsrStatus.PENDING, due, due));
        assertTrue(!DsrRequests.isOverdue(DsrStatus.COMPLETED, due, due.plusSeconds(1)));
    }

    @Test
    void idsHaveThePrefixAndParseStrictly() {
        String id = DsrId.next();
        assertTrue(id.startsWith("dsr_"));
        assertEquals(id, DsrId.parse(id));
        assertEquals(DomainException.Kind.NOT_FOUND, assertThrows(DomainException.class, () -> DsrId.parse("dsr_1' or 1=1")).kind());
    }
}
