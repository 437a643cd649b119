package io.authio.keycloak.delivery;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.http.HttpEntity;
import org.apache.http.entity.AbstractHttpEntity;
import org.apache.http.entity.ContentType;

/**
 * A request body written in pieces of 32 KiB and sent as they are. A SIEM batch of 500 events is about half a MiB; as
 * one array (and a growing {@code ByteArrayOutputStream} before it) that is a humongous object for G1 under the 512 MiB
 * heap {@code kc.sh} gives Keycloak outside a container, whose regions are 1 MiB: each such allocation goes straight to the old generation and starts a
 * concurrent cycle. DeliveryBenchmark's JFR recording showed one every second while a SIEM backlog drained.
 */
final class ChunkedBody extends OutputStream {

    static final int PIECE = 32 * 1024;

    private final List<byte[]> pieces = new ArrayList<>();
    private byte[] current;
    private int used;
    private long size;

    @Override
    public void write(int b) {
        room();
        current[used++] = (byte) b;
        size++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        while (len > 0) {
            room();
            int n = Math.min(len, PIECE - used);
            System.arraycopy(b, off, current, used, n);
            used += n;
            off += n;
            len -= n;
            size += n;
        }
    }

    private void room() {
        if (current == null || used == PIECE) {
            current = new byte[PIECE];
            used = 0;
            pieces.add(current);
        }
    }

    long size() {
        return size;
    }

    /** The bytes written so far as a repeatable entity of known length (later writes must not follow). */
    HttpEntity entity(ContentType type) {
        List<byte[]> all = List.copyOf(pieces);
        int lastUsed = used;
        long length = size;
        AbstractHttpEntity entity = new AbstractHttpEntity() {
            @Override
            public boolean isRepeatable() {
                return true;
            }

            @Override
            public long getContentLength() {
                return length;
            }

            @Override
            public InputStream getContent() {
                List<InputStream> streams = new ArrayList<>(all.size());
                for (int i = 0; i < all.size(); i++) {
                    streams.add(new ByteArrayInputStream(all.get(i), 0, i == all.size() - 1 ? lastUsed : PIECE));
                }
                return new SequenceInputStream(Collections.enumeration(streams));
            }

            @Override
            public void writeTo(OutputStream out) throws java.io.IOException {
                for (int i = 0; i < all.size(); i++) {
                    out.write(all.get(i), 0, i == all.size() - 1 ? lastUsed : PIECE);
                }
                out.flush();
            }

            @Override
            public boolean isStreaming() {
                return false;
            }
        };
        entity.setContentType(type.toString());
        return entity;
    }
}
