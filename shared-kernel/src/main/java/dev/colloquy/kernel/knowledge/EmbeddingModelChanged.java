package dev.colloquy.kernel.knowledge;

import org.axonframework.serialization.Revision;

/** Its documents are embedded again with {@code embeddingModel}; searches switch once all of them are. */
@Revision("1")
public record EmbeddingModelChanged(String knowledgeBaseId, String previousModel, String embeddingModel) {
}
