package dev.colloquy.kernel.conversation;

import org.axonframework.serialization.Revision;

@Revision("1")
public record MessagePosted(String conversationId, String messageId, String parentMessageId, String content,
                            String clientMessageId) {
}
