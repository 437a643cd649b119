package io.authio.tests.dsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Json;
import io.authio.tests.support.TestDb;

/**
 * The one-time download of an export bundle must never lose it: a transfer that breaks (the client resets the
 * connection halfway), a download racing another, and a stored bundle that no longer matches what was built all
 * leave it available, are audited as {@code dsr.artifact.download_failed}, and never hand over a body that looks
 * complete. Only a transfer whose every byte was sent marks it downloaded.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class DsrDownloadAttackIT {

    /** Audit rows seeded for the subject: a bundle of several MiB, more than socket buffers hold. */
    private static final int ROWS = 40_000;

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @Test
    void aDownloadBrokenMidTransferLeavesTheBundleAvailableAuditsTheFailureAndTheNextDownloadGetsItWhole() throws Exception {
        DsrFixture f = new DsrFixture(admin, urls, "authio-dsr-download-break");
        String manager = f.tokenWith("dsr-manager", "manage-users", "view-users");
        String id = exportReady(f, manager, "ida", ROWS);
        long bytes = f.call("GET", "/compliance/dsr/" + id, manager, null).json().get("evidence").get("artifact").get("bytes").asLong();
        assertTrue(bytes > 8 * 1024 * 1024, "a bundle larger than any socket buffer: " + bytes);

        // the client reads the headers and the first 64 KiB, then resets the connection
        String announced;
        try (RawDownload broken = new RawDownload(f.api("/compliance/dsr/" + id + "/artifact"), manager)) {
            assertEquals(200, broken.status(), broken.head());
            announced = broken.header("content-length");
            broken.read(64 * 1024);
            broken.reset();
        }
        awaitAudit(id, "dsr.artifact.download_failed");
        JsonNode afterBreak = f.call("GET", "/compliance/dsr/" + id, manager, null).json();
        assertEquals("available", afterBreak.get("artifact").get("state").asText(), "the broken transfer did not use the download up");
        JsonNode failure = audit(id, "dsr.artifact.download_failed").get(0);
        assertEquals("failure", failure.get("outcome").asText());
        assertTrue(failure.get("reason").asText().contains("bytes sent"), failure.toString());
        assertEquals(0, audit(id, "dsr.artifact.downloaded").size(), "no success was recorded for the broken transfer");
        assertEquals(String.valueOf(bytes), announced, "the size is announced, so a client sees a cut transfer as one");

        Json.Reply whole = Json.get(f.api("/compliance/dsr/" + id + "/artifact"), manager);
        assertEquals(200, whole.status(), whole.body());
        assertEquals(bytes, whole.body().getBytes(StandardCharsets.UTF_8).length, "the second download is the whole bundle");
        DsrExportIT.assertValid(whole.body());
        assertTrue(Json.MAPPER.readTree(whole.body()).get("audit_events").size() >= ROWS, "every seeded row is in it");

        assertEquals(410, Json.get(f.api("/compliance/dsr/" + id + "/artifact"), manager).status(), "then it is gone");
        assertEquals("downloaded", f.call("GET", "/compliance/dsr/" + id, manager, null).json().get("artifact").get("state").asText());
        assertEquals(0, TestDb.count("select count(*) from AUTHIO_DSR_ARTIFACT where DSR_ID = ?", id), "its chunks are deleted");
        assertEquals(1, audit(id, "dsr.artifact.downloaded").size());
    }

    @Test
    void aSecondDownloadWhileOneIsInProgressIsRefusedAndTheBundleIsHandedOutOnce() throws Exception {
        DsrFixture f = new DsrFixture(admin, urls, "authio-dsr-download-race");
        String manager = f.tokenWith("dsr-manager", "manage-users", "view-users");
        String id = exportReady(f, manager, "jon", ROWS);
        long bytes = f.call("GET", "/compliance/dsr/" + id, manager, null).json().get("evidence").get("artifact").get("bytes").asLong();

        try (RawDownload slow = new RawDownload(f.api("/compliance/dsr/" + id + "/artifact"), manager)) {
            assertEquals(200, slow.status(), slow.head());
            slow.read(64 * 1024); // then stops reading: the server is mid-transfer
            Json.Reply second = Json.get(f.api("/compliance/dsr/" + id + "/artifact"), manager);
            assertEquals(409, second.status(), second.body());
            assertEquals("artifact_busy", second.json().get("error").asText());
            assertEquals(64 * 1024 + slow.readToEnd(), bytes, "the first download completes with the whole bundle");
        }
        awaitAudit(id, "dsr.artifact.downloaded");
        assertEquals(410, Json.get(f.api("/compliance/dsr/" + id + "/artifact"), manager).status());
        assertEquals(0, audit(id, "dsr.artifact.download_failed").size());
    }

    @Test
    void aStoredBundleThatNoLongerMatchesWhatWasBuiltIsNeverServedAsComplete() throws Exception {
        DsrFixture f = new DsrFixture(admin, urls, "authio-dsr-download-tamper");
        String manager = f.tokenWith("dsr-manager", "manage-users", "view-users");
        String id = exportReady(f, manager, "kim", 0);
        byte[] stored = (byte[]) TestDb.query("select CONTENT from AUTHIO_DSR_ARTIFACT where DSR_ID = ? and SEQ = 0", id).get(0).get("content");
        stored[stored.length / 2] ^= 1;
        TestDb.update("update AUTHIO_DSR_ARTIFACT set CONTENT = ? where DSR_ID = ? and SEQ = 0", stored, id);

        HttpClient http = HttpClient.newHttpClient();
        HttpRequest get = HttpRequest.newBuilder(URI.create(f.api("/compliance/dsr/" + id + "/artifact")))
                .header("Authorization", "Bearer " + manager).build();
        try {
            HttpResponse<byte[]> r = http.send(get, HttpResponse.BodyHandlers.ofByteArray());
            String body = new String(r.body(), StandardCharsets.UTF_8);
            assertNotEquals(200, r.statusCode(), "an altered bundle is not served as a whole one: " + body.substring(0, Math.min(200, body.length())));
        } catch (IOException aborted) {
            // the transfer was cut before its last bytes: no client takes the altered bundle for a whole one
        }
        awaitAudit(id, "dsr.artifact.download_failed");
        assertTrue(audit(id, "dsr.artifact.download_failed").get(0).get("reason").asText().contains("SHA-256"));
        assertEquals("available", f.call("GET", "/compliance/dsr/" + id, manager, null).json().get("artifact").get("state").asText());
    }

    /** An export request fulfilled for a download, its subject holding {@code rows} extra audit rows. */
    private static String exportReady(DsrFixture f, String manager, String prefix, int rows) {
        DsrFixture.Subject subject = f.richUser(prefix, rows);
        String id = f.createDsr(manager, "export", subject.email()).get("dsr_id").asText();
        var fulfilled = f.raw("POST", "/compliance/dsr/" + id + "/fulfill", manager, "{}");
        assertEquals(200, fulfilled.status(), fulfilled.body());
        assertEquals("available", fulfilled.json().get("artifact").get("state").asText(), fulfilled.body());
        return id;
    }

    private static List<JsonNode> audit(String dsrId, String type) throws IOException {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (Map<String, Object> row : TestDb.query("select OUTCOME, METADATA from AUTHIO_AUDIT_EVENT where TYPE = ? and METADATA like ?",
                type, "%" + dsrId + "%")) {
            JsonNode metadata = Json.MAPPER.readTree((String) row.get("metadata"));
            ((com.fasterxml.jackson.databind.node.ObjectNode) metadata).put("outcome", (String) row.get("outcome"));
            out.add(metadata);
        }
        return out;
    }

    private static void awaitAudit(String dsrId, String type) throws Exception {
        long until = System.currentTimeMillis() + 60_000;
        while (audit(dsrId, type).isEmpty() && System.currentTimeMillis() < until) {
            Thread.sleep(200);
        }
        assertEquals(1, audit(dsrId, type).size(), type + " recorded once; the request's artifact: "
                + TestDb.query("select ARTIFACT_STATE, UPDATED_AT from AUTHIO_DSR where ID = ?", dsrId) + ", its audit events: "
                + TestDb.query("select TYPE, OUTCOME, METADATA from AUTHIO_AUDIT_EVENT where METADATA like ?", "%" + dsrId + "%"));
    }

    /** A GET over a plain socket with a small receive window, so the test decides when and how much it reads. */
    private static final class RawDownload implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final String head;

        RawDownload(String url, String bearer) throws IOException {
            URI uri = URI.create(url);
            socket = new Socket();
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
            socket.setSoTimeout(120_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nAuthorization: Bearer " + bearer + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in = socket.getInputStream();
            ByteArrayOutputStream h = new ByteArrayOutputStream();
            while (!h.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                h.write(b);
            }
            head = h.toString(StandardCharsets.ISO_8859_1);
        }

        String head() {
            return head;
        }

        int status() {
            return Integer.parseInt(head.split(" ", 3)[1]);
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        void read(int n) throws IOException {
            assertEquals(n, in.readNBytes(n).length);
        }

        long readToEnd() throws IOException {
            return in.transferTo(OutputStream.nullOutputStream());
        }

        /** Closes with a TCP reset (linger 0): the server's next write fails. */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
