package io.hotkeys.schema;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * Reads and writes one JSON record type of the contract. Errors name the record, the field and the
 * problem. Machine-written records ({@link #lenient}) ignore unknown fields, so that older readers
 * accept records from newer writers of the same major version, and require every field.
 * Hand-written records ({@link #strict}) refuse unknown fields, so a misspelt field is an error
 * rather than silently ignored, and leave optional fields null. A newer major version is refused.
 */
public final class JsonCodec<T extends Versioned> {
    private static final ObjectMapper LENIENT =
            JsonMapper.builder()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                    .build();

    private static final ObjectMapper STRICT =
            JsonMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .build();

    private final ObjectMapper mapper;
    private final Class<T> type;
    private final String what;
    private final int maxVersion;

    private JsonCodec(ObjectMapper mapper, Class<T> type, String what, int maxVersion) {
        this.mapper = mapper;
        this.type = type;
        this.what = what;
        this.maxVersion = maxVersion;
    }

    /** For records written by the system: unknown fields ignored, every field required. */
    public static <T extends Versioned> JsonCodec<T> lenient(
            Class<T> type, String what, int maxVersion) {
        return new JsonCodec<>(LENIENT, type, what, maxVersion);
    }

    /** For records written by people: unknown fields refused, absent fields left null. */
    public static <T extends Versioned> JsonCodec<T> strict(
            Class<T> type, String what, int maxVersion) {
        return new JsonCodec<>(STRICT, type, what, maxVersion);
    }

    public byte[] encode(T value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new SchemaException("cannot write " + what + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a record.
     *
     * @param source where the bytes came from, for the error message (a znode path, say)
     * @throws SchemaException naming the source, the field and the problem
     */
    public T decode(byte[] json, String source) {
        T value = parse(json, source);
        if (value.version() == 0) {
            throw new SchemaException(
                    what + " at " + source + " has no version; write \"version\": " + maxVersion);
        }
        if (value.version() < 1 || value.version() > maxVersion) {
            throw new SchemaException(
                    what
                            + " at "
                            + source
                            + " has version "
                            + value.version()
                            + "; this reader knows versions 1 to "
                            + maxVersion);
        }
        return value;
    }

    private T parse(byte[] json, String source) {
        if (json == null || json.length == 0) {
            throw new SchemaException(what + " at " + source + " is empty");
        }
        try {
            return mapper.readValue(json, type);
        } catch (JsonMappingException e) {
            throw new SchemaException(
                    what + " at " + source + ", field '" + fieldPath(e) + "': " + cause(e), e);
        } catch (JacksonException e) {
            throw new SchemaException(
                    what + " at " + source + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SchemaException("cannot read " + what + " at " + source, e);
        } catch (IllegalArgumentException | SchemaException e) {
            throw new SchemaException(what + " at " + source + ": " + e.getMessage(), e);
        }
    }

    private static String fieldPath(JsonMappingException e) {
        String path =
                e.getPath().stream()
                        .map(
                                r ->
                                        r.getFieldName() != null
                                                ? r.getFieldName()
                                                : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining("."));
        return path.isEmpty() ? "(record)" : path;
    }

    private static String cause(JsonMappingException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof JacksonException jackson) {
            return jackson.getOriginalMessage();
        }
        return root.getMessage();
    }
}
