package dev.colloquy.kernel.privacy;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A user asks for their own erasure, or a tenant admin for a user of their tenant ({@code requestedBy}). */
public record RequestErasure(@TargetAggregateIdentifier String userId, String tenantId, String requestId,
                             String requestedBy) {
}
