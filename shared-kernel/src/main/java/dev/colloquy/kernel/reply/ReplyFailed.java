package dev.colloquy.kernel.reply;

import org.axonframework.serialization.Revision;

@Revision("1")
public record ReplyFailed(String conversationId, String replyId, String errorCode, String message,
                          String partialContent, String model, TokenUsage usage) {
}
