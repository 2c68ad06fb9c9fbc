package dev.colloquy.kernel.reply;

import org.axonframework.serialization.Revision;

@Revision("1")
public record ReplyStarted(String conversationId, String replyId) {
}
