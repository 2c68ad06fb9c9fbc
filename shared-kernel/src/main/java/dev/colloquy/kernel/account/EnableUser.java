package dev.colloquy.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record EnableUser(@TargetAggregateIdentifier String userId, String tenantId) {
}
