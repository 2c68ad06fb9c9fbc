package dev.colloquy.kernel.conversation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record StartDialogue(@TargetAggregateIdentifier String conversationId, String tenantId, String ownerId,
                            String title, String model, String systemPrompt) {
}
