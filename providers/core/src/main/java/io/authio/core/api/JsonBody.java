package io.authio.core.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.authio.core.DomainException;

/**
 * The one reader of Authio's request bodies. A body is exactly one JSON object (an absent or blank body counts as
 * {@code {}} where the operation allows it): no trailing content, no duplicate keys, no unknown fields, no type
 * coercion (a number is not a string, {@code "1"} is not a number, {@code 1.5} is not an integer), no control
 * characters in strings, at most {@value #MAX_BYTES} bytes and {@value #MAX_DEPTH} levels. It binds the body to a
 * typed request (a record with snake_case JSON names); a record's constructor validates values, and a refusal
 * it throws ({@link #invalid}) is reported at the record's place in the document. Every refusal is a 400 whose
 * description names the JSON path ({@code signals.new_device.weight must be a number}).
 */
public final class JsonBody {

    public static final int MAX_BYTES = 64 * 1024;
    public static final int MAX_DEPTH = 16;

    private static final JsonMapper MAPPER = mapper();

    private JsonBody() {
    }

    /** A body without fields, for operations that take {@code {}} or nothing. */
    public record Empty() {
    }

    /** Binds the body to {@code type}; an absent or blank body is {@code {}}. */
    public static <T> T read(String body, Class<T> type) {
        return bind(blankIsEmpty(body), type);
    }

    /** Binds a body the operation requires (blank is a 400). */
    public static <T> T require(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw DomainException.invalid("the request body must be a JSON object");
        }
        return bind(body, type);
    }

    /**
     * The body as an object of named values of one type (an absent or blank body is {@code {}}), as strictly as
     * {@link #read}: for operations whose field names are data, such as one field per retention category. Only
     * {@code allowedNames} may appear; a null value is kept as null.
     */
    public static <V> Map<String, V> map(String body, Class<V> valueType, Set<String> allowedNames) {
        Map<String, V> values = bind(blankIsEmpty(body), MAPPER.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, valueType));
        for (String name : values.keySet()) {
            if (!allowedNames.contains(name)) {
                throw DomainException.invalid("unknown field: " + clip(name));
            }
        }
        return values;
    }

    /**
     * The body as a JSON object, read as strictly as {@link #read} (for operations that tell an absent field from a
     * {@code null} one, such as partial updates). Fields are not checked here: the caller does.
     */
    public static ObjectNode object(String body) {
        ObjectNode node = bind(blankIsEmpty(body), ObjectNode.class);
        checkText(node, "");
        return node;
    }

    /** A tree is read without the typed string rule: apply it to every string value. */
    private static void checkText(com.fasterxml.jackson.databind.JsonNode node, String at) {
        if (node.isTextual()) {
            String problem = textProblem(node.asText());
            if (problem != null) {
                throw DomainException.invalid((at.isEmpty() ? "the request body" : clip(at)) + " " + problem);
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> checkText(e.getValue(), at.isEmpty() ? e.getKey() : at + "." + e.getKey()));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkText(node.get(i), at + "[" + i + "]");
            }
        }
    }

    /** Null when the text is acceptable; otherwise what is wrong with it. */
    private static String textProblem(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f;
            boolean lone = Character.isHighSurrogate(c) ? !(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
                    : Character.isLowSurrogate(c) && !(i > 0 && Character.isHighSurrogate(s.charAt(i - 1)));
            if (control || lone) {
                return "contains control characters or unpaired surrogates";
            }
        }
        return null;
    }

    /**
     * A refusal of one field, for a typed request's constructor: {@code field} is its JSON name relative to the
     * object the constructor builds; the reader puts the object's path in front.
     */
    public static DomainException invalid(String field, String problem) {
        return DomainException.invalid(field + " " + problem);
    }

    private static String blankIsEmpty(String body) {
        return body == null || body.isBlank() ? "{}" : body;
    }

    private static <T> T bind(String body, Class<T> type) {
        return bind(body, MAPPER.constructType(type));
    }

    private static <T> T bind(String body, JavaType type) {
        if (body.length() > MAX_BYTES || body.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw DomainException.invalid("the request body exceeds " + MAX_BYTES + " bytes");
        }
        boolean started = false;
        try (JsonParser parser = MAPPER.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw DomainException.invalid("the request body must be a JSON object");
            }
            started = true;
            return MAPPER.readValue(parser, type);
        } catch (StreamReadException e) {
            // unreadable after the object closed: something follows it
            JsonParser at = e.getProcessor();
            boolean after = started && at != null && at.getParsingContext().inRoot()
                    && !String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field");
            throw after ? DomainException.invalid("the request body must hold one JSON object and nothing after it") : refusal(e);
        } catch (IOException e) {
            throw refusal(e);
        }
    }

    /** The 400 for what went wrong, naming the place in the document. */
    private static DomainException refusal(IOException e) {
        Throwable cause = e.getCause();
        if (e instanceof JsonMappingException m) {
            String at = path(m.getPath());
            if (cause instanceof DomainException refusal) {
                // a typed request's constructor refused a field of the object at this path
                return new DomainException(refusal.kind(), refusal.error(), at.isEmpty() ? refusal.description() : clip(at) + "." + refusal.description());
            }
            if (m instanceof BadValue bad) {
                return DomainException.invalid(clip(at) + " " + bad.problem);
            }
            if (m instanceof UnrecognizedPropertyException) {
                return DomainException.invalid("unknown field: " + clip(at));
            }
            if (cause instanceof InputCoercionException coercion) {
                return DomainException.invalid(clip(at) + " must be " + expected(coercion.getTargetType()) + " in range");
            }
            if (cause instanceof StreamConstraintsException) {
                return limits();
            }
            if (cause instanceof StreamReadException read) {
                return refusal(read); // e.g. a duplicate key inside a nested object
            }
            if (m instanceof MismatchedInputException mismatch) {
                if (String.valueOf(m.getOriginalMessage()).startsWith("Trailing token")) {
                    return DomainException.invalid("the request body must hold one JSON object and nothing after it");
                }
                return at.isEmpty() ? DomainException.invalid("the request body must be a JSON object")
                        : DomainException.invalid(clip(at) + " must be " + described(m.getPath(), mismatch.getTargetType()));
            }
            return DomainException.invalid((at.isEmpty() ? "the request body" : clip(at)) + " is not valid");
        }
        if (e instanceof StreamConstraintsException) {
            return limits();
        }
        if (e instanceof InputCoercionException coercion) {
            return DomainException.invalid(clip(path(coercion.getProcessor())) + " must be " + expected(coercion.getTargetType()) + " in range");
        }
        if (e instanceof StreamReadException read) {
            String message = String.valueOf(read.getOriginalMessage());
            if (message.startsWith("Duplicate field")) {
                return DomainException.invalid("duplicate field: " + clip(duplicate(read)));
            }
            return DomainException.invalid("the request body is not valid JSON (line " + read.getLocation().getLineNr() + ", column "
                    + read.getLocation().getColumnNr() + ")");
        }
        return DomainException.invalid("the request body could not be read");
    }

    private static DomainException limits() {
        return DomainException.invalid("the request body exceeds a limit (" + MAX_BYTES + " bytes, " + MAX_DEPTH
                + " levels of nesting, 40-digit numbers, 256-character names)");
    }

    /** {@code a.b[0].c}: the place in the document a mapping error points to. */
    static String path(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** The path of the parser's current value (for errors raised while parsing, before binding). */
    private static String path(Object processor) {
        if (!(processor instanceof JsonParser parser)) {
            return "the request body";
        }
        List<String> parts = new java.util.ArrayList<>();
        for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.add(c.getCurrentName());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = parts.size() - 1; i >= 0; i--) {
            String part = parts.get(i);
            out.append(out.isEmpty() || part.startsWith("[") ? "" : ".").append(part);
        }
        return out.isEmpty() ? "the request body" : out.toString();
    }

    private static String duplicate(StreamReadException e) {
        String message = e.getOriginalMessage();
        int open = message.indexOf('\'');
        int close = message.indexOf('\'', open + 1);
        String name = open >= 0 && close > open ? message.substring(open + 1, close) : "?";
        String parent = path(e.getProcessor());
        // the parser stands on the repeated name: its context already ends with it
        return parent.equals("the request body") || parent.equals(name) ? name
                : parent.endsWith("." + name) ? parent : parent + "." + name;
    }

    /**
     * What the field must be: its {@link com.fasterxml.jackson.annotation.JsonPropertyDescription} when the typed
     * request gives one (e.g. "an integer between 1 and 100"), else its JSON type.
     */
    private static String described(List<JsonMappingException.Reference> path, Class<?> type) {
        if (!path.isEmpty()) {
            JsonMappingException.Reference last = path.get(path.size() - 1);
            Object from = last.getFrom();
            Class<?> owner = from instanceof Class<?> c ? c : from == null ? null : from.getClass();
            if (owner != null && last.getFieldName() != null) {
                for (var property : MAPPER.getDeserializationConfig().introspect(MAPPER.constructType(owner)).findProperties()) {
                    String description = property.getMetadata().getDescription();
                    if (property.getName().equals(last.getFieldName()) && description != null) {
                        return description;
                    }
                }
            }
        }
        return expected(type);
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static JsonMapper mapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxDocumentLength(MAX_BYTES)
                        .maxStringLength(MAX_BYTES)
                        .maxNumberLength(40)
                        .maxNameLength(256)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        JsonMapper mapper = JsonMapper.builder(factory)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(new SimpleModule("authio-strict-strings").addDeserializer(String.class, new StrictString()))
                .build();
        for (LogicalType type : List.of(LogicalType.Textual, LogicalType.Integer, LogicalType.Float, LogicalType.Boolean,
                LogicalType.Collection, LogicalType.Map, LogicalType.POJO, LogicalType.Enum)) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.Integer, type == LogicalType.Integer || type == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, type == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, type == LogicalType.Boolean ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, type == LogicalType.Textual || type == LogicalType.Enum ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, type == LogicalType.Textual ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyArray, type == LogicalType.Collection ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyObject, type == LogicalType.POJO || type == LogicalType.Map ? CoercionAction.TryConvert : CoercionAction.Fail);
        }
        return mapper;
    }

    /** Strings only from JSON strings, without control characters (tab, CR, LF aside) or unpaired surrogates. */
    private static final class StrictString extends StdScalarDeserializer<String> {

        private static final long serialVersionUID = 1L;

        StrictString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (String) ctxt.handleUnexpectedToken(String.class, p);
            }
            String s = p.getText();
            String problem = textProblem(s);
            if (problem != null) {
                throw new BadValue(p, problem);
            }
            return s;
        }
    }

    /** A value of the right type that is still refused; {@code problem} completes "field ...". */
    private static final class BadValue extends JsonMappingException {

        private static final long serialVersionUID = 1L;
        private final String problem;

        BadValue(JsonParser p, String problem) {
            super(p, problem);
            this.problem = problem;
        }
    }
}
