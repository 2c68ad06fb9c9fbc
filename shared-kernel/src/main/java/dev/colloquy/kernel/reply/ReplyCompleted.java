package dev.colloquy.kernel.reply;

import org.axonframework.serialization.Revision;

@Revision("1")
public record ReplyCompleted(String conversationId, String replyId, String content, String model,
                             String finishReason, TokenUsage usage, long timeToFirstTokenMillis,
                             long latencyMillis) {
}
