package dev.colloquy.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DisableUser(@TargetAggregateIdentifier String userId, String tenantId) {
}
