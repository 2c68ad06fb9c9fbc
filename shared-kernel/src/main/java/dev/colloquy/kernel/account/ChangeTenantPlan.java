package dev.colloquy.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ChangeTenantPlan(@TargetAggregateIdentifier String tenantId, String plan) {
}
