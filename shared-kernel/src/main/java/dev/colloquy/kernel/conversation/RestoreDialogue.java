package dev.colloquy.kernel.conversation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RestoreDialogue(@TargetAggregateIdentifier String conversationId, String tenantId, String actorId) {
}
