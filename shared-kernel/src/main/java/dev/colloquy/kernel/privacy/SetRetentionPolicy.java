package dev.colloquy.kernel.privacy;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * How long a tenant keeps conversations after their last activity: {@code conversationDays} days, 0 for ever,
 * null for the platform's default.
 */
public record SetRetentionPolicy(@TargetAggregateIdentifier String tenantId, Integer conversationDays) {
}
