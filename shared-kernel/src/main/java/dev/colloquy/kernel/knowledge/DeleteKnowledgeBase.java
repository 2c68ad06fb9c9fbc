package dev.colloquy.kernel.knowledge;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeleteKnowledgeBase(@TargetAggregateIdentifier String knowledgeBaseId, String tenantId,
                                  String actorId, boolean admin) {
}
