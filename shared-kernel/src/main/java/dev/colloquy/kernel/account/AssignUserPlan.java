package dev.colloquy.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code plan} null returns the user to the tenant's plan. */
public record AssignUserPlan(@TargetAggregateIdentifier String userId, String tenantId, String plan) {
}
