package dev.colloquy.kernel.error;

/** Every error Colloquy answers, with the HTTP status it maps to. */
public enum ErrorCode {
    VALIDATION_ERROR(400),
    CONTEXT_TOO_LONG(400),
    INJECTION_BLOCKED(400),
    AUTHENTICATION_ERROR(401),
    FORBIDDEN(403),
    MODEL_NOT_ALLOWED(403),
    ACCOUNT_SUSPENDED(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    CONFLICT(409),
    REPLY_IN_PROGRESS(409),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    RATE_LIMITED(429),
    QUOTA_EXCEEDED(429),
    ACCOUNT_LOCKED(429),
    INTERNAL_ERROR(500),
    LLM_PROVIDER_ERROR(502),
    LLM_BAD_REQUEST(502),
    LLM_AUTH_ERROR(502),
    LLM_RATE_LIMITED(503),
    LLM_UNAVAILABLE(503),
    LLM_TIMEOUT(504),
    KNOWLEDGE_UNAVAILABLE(503),
    REPLY_INTERRUPTED(503);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
