package dev.colloquy.kernel.error;

import java.util.Map;
import java.util.Optional;

/** A failure the caller can act on; rendered as {@code {"error":{"code","message","details"}}}. */
public class ColloquyException extends RuntimeException {
    private final ErrorCode code;
    private final Map<String, Object> details;

    public ColloquyException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public ColloquyException(ErrorCode code, String message, Map<String, Object> details) {
        super(message);
        this.code = code;
        this.details = Map.copyOf(details);
    }

    /** A 400 {@code VALIDATION_ERROR} naming the request field at fault in its details. */
    public static ColloquyException invalid(String field, String message) {
        return new ColloquyException(ErrorCode.VALIDATION_ERROR, message, Map.of("field", field));
    }

    public static ColloquyException notFound(String what) {
        return new ColloquyException(ErrorCode.NOT_FOUND, what + " not found");
    }

    /** The Colloquy failure behind {@code e}, however deep a command or query bus wrapped it. */
    public static Optional<ColloquyException> causeOf(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ColloquyException known) {
                return Optional.of(known);
            }
        }
        return Optional.empty();
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}
