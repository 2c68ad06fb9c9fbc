package dev.colloquy.kernel.knowledge;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A new knowledge base of {@code ownerId}; {@code shared} only when a tenant admin asks. */
public record CreateKnowledgeBase(@TargetAggregateIdentifier String knowledgeBaseId, String tenantId,
                                  String ownerId, String name, String description, boolean shared,
                                  String embeddingModel) {
}
