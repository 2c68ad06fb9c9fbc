package dev.colloquy.kernel.reply;

import org.axonframework.serialization.Revision;

@Revision("1")
public record ReplyCancelled(String conversationId, String replyId, String partialContent, String model,
                             TokenUsage usage) {
}
