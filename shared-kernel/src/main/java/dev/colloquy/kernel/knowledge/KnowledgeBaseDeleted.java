package dev.colloquy.kernel.knowledge;

import org.axonframework.serialization.Revision;

/** With it go its documents, chunks and vectors. */
@Revision("1")
public record KnowledgeBaseDeleted(String knowledgeBaseId, String tenantId, String ownerId) {
}
