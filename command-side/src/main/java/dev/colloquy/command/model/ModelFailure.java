package dev.colloquy.command.model;

import dev.colloquy.kernel.error.ErrorCode;

/** An upstream failure mapped to Colloquy's codes; only some kinds are worth a retry. */
public record ModelFailure(ErrorCode code, String message) {
    public boolean retryable() {
        return code == ErrorCode.LLM_RATE_LIMITED || code == ErrorCode.LLM_TIMEOUT
                || code == ErrorCode.LLM_UNAVAILABLE;
    }
}
