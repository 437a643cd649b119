package io.authio.keycloak.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Random;

import org.apache.http.HttpEntity;
import org.apache.http.entity.ContentType;
import org.junit.jupiter.api.Test;

class ChunkedBodyTest {

    @Test
    void sendsExactlyTheBytesWrittenAcrossPieceBoundariesAndCanSendThemAgain() throws Exception {
        byte[] expected = new byte[ChunkedBody.PIECE * 3 + 17];
        new Random(7).nextBytes(expected);
        ChunkedBody body = new ChunkedBody();
        ByteArrayOutputStream reference = new ByteArrayOutputStream();
        // single bytes, a write that straddles a boundary, and one larger than a whole piece
        int[] cuts = {1, 2, ChunkedBody.PIECE - 5, ChunkedBody.PIECE + 40, ChunkedBody.PIECE * 2 + 3, expected.length};
        int from = 0;
        for (int cut : cuts) {
            if (cut - from == 1) {
                body.write(expected[from]);
            } else {
                body.write(expected, from, cut - from);
            }
            reference.write(expected, from, cut - from);
            from = cut;
        }
        assertArrayEquals(reference.toByteArray(), expected);

        HttpEntity entity = body.entity(ContentType.create("application/x-ndjson"));
        assertEquals(expected.length, entity.getContentLength());
        assertEquals("application/x-ndjson", entity.getContentType().getValue());
        assertTrue(entity.isRepeatable(), "a retried request must be able to send the body again");
        for (int round = 0; round < 2; round++) {
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            entity.writeTo(sent);
            assertArrayEquals(expected, sent.toByteArray());
            assertArrayEquals(expected, entity.getContent().readAllBytes());
        }
    }

    @Test
    void anEmptyBodyHasNoBytes() throws Exception {
        HttpEntity entity = new ChunkedBody().entity(ContentType.APPLICATION_JSON);
        assertEquals(0, entity.getContentLength());
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        entity.writeTo(sent);
        assertEquals(0, sent.size());
        assertEquals(0, entity.getContent().readAllBytes().length);
    }

    @Test
    void aBodyLargerThanHalfAHeapRegionIsSentWhole() throws Exception {
        // 600,000 bytes: more than G1's humongous threshold at a 512 MiB heap (half of a 1 MiB region)
        byte[] big = new byte[600_000];
        new Random(11).nextBytes(big);
        ChunkedBody body = new ChunkedBody();
        body.write(big, 0, big.length);
        assertEquals(big.length, body.size());
        HttpEntity entity = body.entity(ContentType.APPLICATION_JSON);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        entity.writeTo(sent);
        assertArrayEquals(big, sent.toByteArray());
    }
}
