package io.authio.core.keys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A stand-in for AWS KMS on loopback, because no KMS emulator can be installed here from Maven Central, npm or
 * Debian. It speaks the KMS JSON protocol ({@code X-Amz-Target: TrentService.*}) for {@code Encrypt},
 * {@code Decrypt}, {@code GenerateDataKey} and {@code DescribeKey}; verifies every request's SigV4 signature by
 * re-signing it with the AWS SDK's own signer and the one credential it knows; encrypts with AES-256-GCM using the
 * encryption context as associated data; answers errors in AWS's JSON error shape ({@code __type}, {@code message},
 * {@code x-amzn-ErrorType}). Keys can be disabled or scheduled for deletion, operations denied, faults injected, and
 * the endpoint stopped and resumed on the same port. It never logs a request body.
 */
public final class KmsEmulator implements AutoCloseable {

    public static final String ACCESS_KEY_ID = "AKIAAUTHIOEMULATOR01";
    public static final String SECRET_ACCESS_KEY = "authio/emulator/secret/Key0000000000000000";
    public static final String REGION = "eu-central-1";
    public static final String ACCOUNT = "111122223333";
    private static final String TARGET_PREFIX = "TrentService.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private record Key(String id, String arn, SecretKey aes) {
    }

    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    private final Map<String, String> states = new ConcurrentHashMap<>();
    private final Map<String, String> aliases = new ConcurrentHashMap<>();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final Deque<String> faults = new ArrayDeque<>();
    private final List<Map<String, String>> decryptContexts = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "kms-emulator");
        t.setDaemon(true);
        return t;
    });
    private final int port;
    private volatile HttpServer server;

    private KmsEmulator(int port) throws IOException {
        this.server = bind(port);
        this.port = server.getAddress().getPort();
    }

    /** Starts on 127.0.0.1 and a free port. */
    public static KmsEmulator start() {
        try {
            return new KmsEmulator(0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the KMS emulator", e);
        }
    }

    private HttpServer bind(int onPort) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
        s.createContext("/", this::handle);
        s.setExecutor(executor);
        s.start();
        return s;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A new enabled symmetric key, reachable as {@code alias/<alias>} when alias is given; returns its ARN. */
    public String createKey(String alias) {
        String id = UUID.randomUUID().toString();
        String arn = "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + id;
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            keys.put(id, new Key(id, arn, generator.generateKey()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        states.put(id, "Enabled");
        if (alias != null) {
            aliases.put("alias/" + alias, id);
        }
        return arn;
    }

    /** {@code Enabled}, {@code Disabled} or {@code PendingDeletion}. */
    public void setState(String arn, String state) {
        states.put(find(arn).id(), state);
    }

    /** Answers AccessDeniedException to this operation (e.g. {@code Decrypt}) until {@link #allowAll()}. */
    public void deny(String operation) {
        denied.add(operation);
    }

    public void allowAll() {
        denied.clear();
    }

    /** The next n calls answer this error (e.g. {@code ThrottlingException}, or {@code KMSInternalException} as a 500). */
    public void failNext(int n, String errorCode) {
        synchronized (faults) {
            for (int i = 0; i < n; i++) {
                faults.add(errorCode);
            }
        }
    }

    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    public int badSignatures() {
        return badSignatures.get();
    }

    public List<Map<String, String>> decryptContexts() {
        synchronized (decryptContexts) {
            return List.copyOf(decryptContexts);
        }
    }

    /** The endpoint goes away: connections are refused until {@link #resume()}. Keys are kept. */
    public synchronized void stop() {
        server.stop(0);
    }

    public synchronized void resume() {
        try {
            server = bind(port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot re-bind port " + port, e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(64 * 1024);
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : "?";
            calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
            try {
                verifySignature(exchange, body);
                String fault;
                synchronized (faults) {
                    fault = faults.poll();
                }
                if (fault != null) {
                    throw new KmsError(fault.startsWith("KMSInternal") ? 500 : 400, fault, "injected fault");
                }
                if (denied.contains(operation)) {
                    throw new KmsError(400, "AccessDeniedException", "User: arn:aws:iam::" + ACCOUNT + ":user/authio is not authorized to perform: kms:"
                            + operation + " because no identity-based policy allows the kms:" + operation + " action");
                }
                JsonNode request = JSON.readTree(body);
                Map<String, Object> response = switch (operation) {
                    case "Encrypt" -> encrypt(request);
                    case "Decrypt" -> decrypt(request);
                    case "GenerateDataKey" -> generateDataKey(request);
                    case "DescribeKey" -> describeKey(request);
                    default -> throw new KmsError(400, "UnknownOperationException", "unsupported operation " + operation);
                };
                send(exchange, 200, JSON.writeValueAsBytes(response), null);
            } catch (KmsError e) {
                Map<String, String> error = new LinkedHashMap<>();
                error.put("__type", e.code);
                error.put("message", e.getMessage());
                send(exchange, e.status, JSON.writeValueAsBytes(error), e.code);
            } catch (RuntimeException e) {
                Map<String, String> error = Map.of("__type", "SerializationException", "message", "malformed request");
                send(exchange, 400, JSON.writeValueAsBytes(error), "SerializationException");
            }
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body, String errorType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (errorType != null) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * Re-signs the request as received (the headers it says it signed, its body, its X-Amz-Date) with the SDK's
     * {@link AwsV4HttpSigner} and the emulator's secret, and compares the signatures in constant time.
     */
    private void verifySignature(HttpExchange exchange, byte[] body) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String amzDate = exchange.getRequestHeaders().getFirst("X-Amz-Date");
        if (authorization == null || amzDate == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
            badSignatures.incrementAndGet();
            throw new KmsError(400, "MissingAuthenticationTokenException", "Request is missing Authentication Token");
        }
        Map<String, String> parts = new TreeMap<>();
        for (String part : authorization.substring("AWS4-HMAC-SHA256 ".length()).split(",\\s*")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        String[] scope = String.valueOf(parts.get("Credential")).split("/");
        if (scope.length != 5 || !ACCESS_KEY_ID.equals(scope[0])) {
            badSignatures.incrementAndGet();
            throw new KmsError(400, "UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        Instant signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        if (!scope[1].equals(amzDate.substring(0, 8)) || !REGION.equals(scope[2]) || !"kms".equals(scope[3])
                || Duration.between(signedAt, Instant.now()).abs().toMinutes() >= 5) {
            badSignatures.incrementAndGet();
            throw new KmsError(400, "InvalidSignatureException", "Signature expired or credential scope is wrong: " + parts.get("Credential"));
        }
        List<String> signedHeaders = Arrays.asList(String.valueOf(parts.get("SignedHeaders")).split(";"));
        if (!signedHeaders.containsAll(List.of("host", "x-amz-date", "x-amz-target", "content-type"))) {
            badSignatures.incrementAndGet();
            throw new KmsError(400, "InvalidSignatureException", "host, x-amz-date, x-amz-target and content-type must be signed");
        }
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create("http://" + exchange.getRequestHeaders().getFirst("Host") + exchange.getRequestURI()));
        for (String name : signedHeaders) {
            if (!name.equals("host")) {
                List<String> values = exchange.getRequestHeaders().get(name);
                if (values != null) {
                    unsigned.putHeader(name, values);
                }
            }
        }
        SignedRequest expected = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY))
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
                .putProperty(AwsV4HttpSigner.REGION_NAME, REGION)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
        String expectedAuthorization = expected.request().firstMatchingHeader("Authorization").orElse("");
        if (!MessageDigest.isEqual(expectedAuthorization.getBytes(StandardCharsets.UTF_8), authorization.getBytes(StandardCharsets.UTF_8))) {
            badSignatures.incrementAndGet();
            throw new KmsError(400, "InvalidSignatureException",
                    "The request signature we calculated does not match the signature you provided.");
        }
    }

    private Key resolve(String keyId) {
        if (keyId == null) {
            throw new KmsError(400, "ValidationException", "KeyId is required");
        }
        Key key = keyId.startsWith("alias/") ? keys.get(String.valueOf(aliases.get(keyId)))
                : keyId.contains(":alias/") ? keys.get(String.valueOf(aliases.get(keyId.substring(keyId.indexOf(":alias/") + 1))))
                : keys.get(keyId.contains(":key/") ? keyId.substring(keyId.indexOf(":key/") + 5) : keyId);
        if (key == null) {
            throw new KmsError(400, "NotFoundException", "Key '" + keyId + "' does not exist");
        }
        return key;
    }

    private Key find(String arn) {
        return resolve(arn);
    }

    private void requireUsable(Key key) {
        String state = states.get(key.id());
        if ("Disabled".equals(state)) {
            throw new KmsError(400, "DisabledException", key.arn() + " is disabled.");
        }
        if (!"Enabled".equals(state)) {
            throw new KmsError(400, "KMSInvalidStateException", key.arn() + " is pending deletion.");
        }
    }

    private Map<String, Object> encrypt(JsonNode request) {
        Key key = resolve(text(request, "KeyId"));
        requireUsable(key);
        byte[] plaintext = base64(request, "Plaintext");
        return Map.of("CiphertextBlob", Base64.getEncoder().encodeToString(seal(key, plaintext, context(request))),
                "KeyId", key.arn(), "EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
    }

    private Map<String, Object> generateDataKey(JsonNode request) {
        Key key = resolve(text(request, "KeyId"));
        requireUsable(key);
        int bytes = request.has("NumberOfBytes") ? request.get("NumberOfBytes").asInt()
                : "AES_128".equals(text(request, "KeySpec")) ? 16 : 32;
        byte[] plaintext = new byte[bytes];
        RANDOM.nextBytes(plaintext);
        return Map.of("CiphertextBlob", Base64.getEncoder().encodeToString(seal(key, plaintext, context(request))),
                "Plaintext", Base64.getEncoder().encodeToString(plaintext), "KeyId", key.arn());
    }

    private Map<String, Object> decrypt(JsonNode request) {
        byte[] blob = base64(request, "CiphertextBlob");
        Map<String, String> context = context(request);
        decryptContexts.add(context);
        ByteBuffer in = ByteBuffer.wrap(blob);
        if (blob.length < 2 || in.get() != 1) {
            throw new KmsError(400, "InvalidCiphertextException", "");
        }
        byte[] id = new byte[in.get() & 0xff];
        if (in.remaining() < id.length + 12 + 16) {
            throw new KmsError(400, "InvalidCiphertextException", "");
        }
        in.get(id);
        Key key = keys.get(new String(id, StandardCharsets.UTF_8));
        if (key == null) {
            throw new KmsError(400, "InvalidCiphertextException", "");
        }
        if (request.hasNonNull("KeyId") && !resolve(text(request, "KeyId")).id().equals(key.id())) {
            throw new KmsError(400, "IncorrectKeyException", "The key ID in the request does not identify a KMS key that can perform this operation.");
        }
        requireUsable(key);
        byte[] iv = new byte[12];
        in.get(iv);
        byte[] sealed = new byte[in.remaining()];
        in.get(sealed);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.aes(), new GCMParameterSpec(128, iv));
            cipher.updateAAD(aad(context));
            byte[] plaintext = cipher.doFinal(sealed);
            return Map.of("KeyId", key.arn(), "Plaintext", Base64.getEncoder().encodeToString(plaintext), "EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
        } catch (GeneralSecurityException e) {
            throw new KmsError(400, "InvalidCiphertextException", "");
        }
    }

    private Map<String, Object> describeKey(JsonNode request) {
        Key key = resolve(text(request, "KeyId"));
        String state = states.get(key.id());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("AWSAccountId", ACCOUNT);
        metadata.put("KeyId", key.id());
        metadata.put("Arn", key.arn());
        metadata.put("Enabled", "Enabled".equals(state));
        metadata.put("KeyState", state);
        metadata.put("KeyUsage", "ENCRYPT_DECRYPT");
        metadata.put("KeySpec", "SYMMETRIC_DEFAULT");
        metadata.put("CustomerMasterKeySpec", "SYMMETRIC_DEFAULT");
        metadata.put("KeyManager", "CUSTOMER");
        metadata.put("Origin", "AWS_KMS");
        metadata.put("EncryptionAlgorithms", List.of("SYMMETRIC_DEFAULT"));
        return Map.of("KeyMetadata", metadata);
    }

    /** 0x01, key id length, key id, iv[12], AES-GCM(plaintext) with the context as associated data. */
    private static byte[] seal(Key key, byte[] plaintext, Map<String, String> context) {
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.aes(), new GCMParameterSpec(128, iv));
            cipher.updateAAD(aad(context));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] id = key.id().getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(1);
            out.write(id.length);
            out.writeBytes(id);
            out.writeBytes(iv);
            out.writeBytes(sealed);
            return out.toByteArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The context in key order, each key and value length-prefixed: the same map always gives the same bytes. */
    private static byte[] aad(Map<String, String> context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TreeMap<>(context).forEach((k, v) -> {
            SealContext.field(out, k);
            SealContext.field(out, v);
        });
        return out.toByteArray();
    }

    private static Map<String, String> context(JsonNode request) {
        Map<String, String> context = new TreeMap<>();
        JsonNode node = request.get("EncryptionContext");
        if (node != null) {
            node.fields().forEachRemaining(e -> context.put(e.getKey(), e.getValue().asText()));
        }
        return context;
    }

    private static String text(JsonNode request, String field) {
        JsonNode node = request.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static byte[] base64(JsonNode request, String field) {
        String value = text(request, field);
        if (value == null) {
            throw new KmsError(400, "ValidationException", field + " is required");
        }
        return Base64.getDecoder().decode(value);
    }

    private static final class KmsError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String code;

        KmsError(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }
}
