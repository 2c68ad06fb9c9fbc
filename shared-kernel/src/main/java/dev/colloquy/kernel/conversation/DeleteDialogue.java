package dev.colloquy.kernel.conversation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Soft delete: the history stays in the event store and the conversation can be restored. */
public record DeleteDialogue(@TargetAggregateIdentifier String conversationId, String tenantId, String actorId) {
}
