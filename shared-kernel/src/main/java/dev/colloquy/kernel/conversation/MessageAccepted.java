package dev.colloquy.kernel.conversation;

/** What {@link PostMessage} answers; the same answer again for a repeated client message id. */
public record MessageAccepted(String conversationId, String messageId, String replyId, long version) {
}
