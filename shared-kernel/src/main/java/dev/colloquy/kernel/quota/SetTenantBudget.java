package dev.colloquy.kernel.quota;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Replaces the tenant's budget: limits on what all its users together may consume per period (the plan's
 * {@code tenant-budget} otherwise). {@link QuotaLimits#NONE} returns to the plan's.
 */
public record SetTenantBudget(@TargetAggregateIdentifier String tenantId, QuotaLimits budget) {
}
