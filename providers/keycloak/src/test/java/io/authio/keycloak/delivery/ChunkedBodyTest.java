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
    void neverHoldsAnArrayLargerThanOnePiece() {
        ChunkedBody body = new ChunkedBody();
        body.write(new byte[600_000], 0, 600_000);
        assertEquals(600_000, body.size());
        // 600,000 bytes in 32 KiB pieces: G1 treats an array of half a region (512 KiB at a 512 MiB heap) as humongous
        assertTrue(ChunkedBody.PIECE < 512 * 1024);
    }
}
