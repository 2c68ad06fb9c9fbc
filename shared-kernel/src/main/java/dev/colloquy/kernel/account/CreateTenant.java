package dev.colloquy.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateTenant(@TargetAggregateIdentifier String tenantId, String name, String plan) {
}
