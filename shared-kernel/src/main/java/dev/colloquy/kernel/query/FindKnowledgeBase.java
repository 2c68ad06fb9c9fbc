package dev.colloquy.kernel.query;

/** A knowledge base the user may read: their own, or one their tenant shares. */
public record FindKnowledgeBase(String tenantId, String userId, String knowledgeBaseId) {
}
