package dev.colloquy.kernel.conversation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RenameDialogue(@TargetAggregateIdentifier String conversationId, String tenantId, String actorId,
                             String title) {
}
