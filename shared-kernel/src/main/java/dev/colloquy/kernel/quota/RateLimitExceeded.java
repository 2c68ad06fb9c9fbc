package dev.colloquy.kernel.quota;

import org.axonframework.serialization.Revision;

/** {@code limit} names the bucket that refused, e.g. {@code user-requests-per-minute}. */
@Revision("1")
public record RateLimitExceeded(String userId, String tenantId, String limit) {
}
