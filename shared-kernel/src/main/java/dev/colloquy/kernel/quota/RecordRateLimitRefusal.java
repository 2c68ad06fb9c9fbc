package dev.colloquy.kernel.quota;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The user hit a rate limit. A node records this at most once per user and minute, so a flood of refused
 * requests becomes a handful of events, not one per request.
 */
public record RecordRateLimitRefusal(@TargetAggregateIdentifier String userId, String tenantId, String limit) {
}
