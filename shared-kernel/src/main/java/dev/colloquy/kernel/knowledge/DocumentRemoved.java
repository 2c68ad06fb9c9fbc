package dev.colloquy.kernel.knowledge;

import org.axonframework.serialization.Revision;

@Revision("1")
public record DocumentRemoved(String documentId, String knowledgeBaseId, String tenantId) {
}
