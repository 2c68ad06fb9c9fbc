package dev.colloquy.kernel.conversation;

import org.axonframework.serialization.Revision;

@Revision("1")
public record DialogueDeleted(String conversationId) {
}
