package dev.colloquy.kernel.conversation;

import org.axonframework.serialization.Revision;

@Revision("1")
public record DialogueStarted(String conversationId, String tenantId, String ownerId, String title, String model,
                              String systemPrompt) {
}
