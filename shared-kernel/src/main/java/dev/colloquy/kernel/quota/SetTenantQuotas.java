package dev.colloquy.kernel.quota;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Replaces the tenant's overrides of its plan's quotas; {@link QuotaLimits#NONE} returns to the plan. */
public record SetTenantQuotas(@TargetAggregateIdentifier String tenantId, QuotaLimits overrides) {
}
