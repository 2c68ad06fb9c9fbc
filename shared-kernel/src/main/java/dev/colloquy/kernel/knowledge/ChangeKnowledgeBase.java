package dev.colloquy.kernel.knowledge;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A {@code PATCH}: each non-null part changes. {@code admin} when the actor is a tenant admin of
 * {@code tenantId}, who may change a shared knowledge base besides its owner.
 */
public record ChangeKnowledgeBase(@TargetAggregateIdentifier String knowledgeBaseId, String tenantId,
                                  String actorId, boolean admin, String name, String description, Boolean shared,
                                  String embeddingModel) {
}
