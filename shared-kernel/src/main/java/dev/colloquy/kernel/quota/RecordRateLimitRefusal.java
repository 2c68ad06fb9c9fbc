package dev.colloquy.kernel.quota;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Requests of the user refused by a rate limit; {@code refusals} counts those this node refused since it last
 * recorded one, so a flood of refused requests becomes a few events, not one per request.
 */
public record RecordRateLimitRefusal(@TargetAggregateIdentifier String userId, String tenantId, String limit,
                                     long refusals) {
}
