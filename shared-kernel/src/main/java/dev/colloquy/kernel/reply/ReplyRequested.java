package dev.colloquy.kernel.reply;

import org.axonframework.serialization.Revision;

/** The assistant's answer to {@code promptMessageId} is wanted; {@code replyId} is also its message id. */
@Revision("1")
public record ReplyRequested(String conversationId, String replyId, String promptMessageId, String model) {
}
