package dev.colloquy.kernel.knowledge;

import org.axonframework.serialization.Revision;

@Revision("1")
public record KnowledgeBaseSharingChanged(String knowledgeBaseId, boolean shared) {
}
