package dev.colloquy.kernel.quota;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Replaces the user's own overrides, which win over the tenant's and the plan's. */
public record SetUserQuotas(@TargetAggregateIdentifier String userId, String tenantId, QuotaLimits overrides) {
}
