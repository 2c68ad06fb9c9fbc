package dev.colloquy.infra.web;

import dev.colloquy.kernel.error.ErrorCode;

/** The envelope's code and a fixed message for a status the container or the servlet layer chose. */
final class ErrorStatus {
    private ErrorStatus() {
    }

    static ErrorCode codeFor(int status) {
        return switch (status) {
            case 401 -> ErrorCode.AUTHENTICATION_ERROR;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            // CONNECT and other methods no servlet implements (501) are, to a client, methods not allowed here.
            case 405, 501 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 409 -> ErrorCode.CONFLICT;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.RATE_LIMITED;
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.VALIDATION_ERROR;
        };
    }

    static String messageFor(int status) {
        return switch (status) {
            case 401 -> "authentication required";
            case 403 -> "not allowed";
            case 404 -> "no such endpoint";
            case 405, 501 -> "this method is not allowed here";
            case 413 -> "the request is too large";
            case 415 -> "send application/json";
            default -> status >= 500 ? "An unexpected error occurred" : "the request could not be read";
        };
    }

}
