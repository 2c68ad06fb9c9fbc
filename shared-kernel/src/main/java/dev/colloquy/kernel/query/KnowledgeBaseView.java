package dev.colloquy.kernel.query;

import java.time.Instant;

/**
 * A knowledge base as its readers see it. {@code embeddingModel} is the model its searches use;
 * {@code pendingModel}, while not null, the one its documents are being embedded with again.
 */
public record KnowledgeBaseView(String id, String name, String description, boolean shared, String ownerId,
                                String embeddingModel, String pendingModel, long documentCount, long chunkCount,
                                Instant createdAt) {
}
