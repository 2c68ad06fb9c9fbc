package dev.colloquy.kernel.abuse;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A tenant admin reinstates a suspended or throttled user. */
public record LiftRestriction(@TargetAggregateIdentifier String userId, String tenantId) {
}
