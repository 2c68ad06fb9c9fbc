package dev.colloquy.command.ratelimit;

/**
 * A plan's rate limits; null means no limit. Requests and tokens per minute are kept per user and per
 * tenant; {@code concurrentStreams} bounds the replies one user may have in progress at once.
 */
public record RateLimits(Integer requestsPerMinute, Long tokensPerMinute, Integer tenantRequestsPerMinute,
                         Long tenantTokensPerMinute, Integer concurrentStreams) {
    public static final RateLimits NONE = new RateLimits(null, null, null, null, null);

    public RateLimits {
        for (Number value : new Number[] {requestsPerMinute, tokensPerMinute, tenantRequestsPerMinute,
                tenantTokensPerMinute, concurrentStreams}) {
            if (value != null && value.longValue() < 1) {
                throw new IllegalArgumentException("rate limits must be at least 1 (leave one out for no limit)");
            }
        }
    }
}
