package dev.colloquy.kernel.query;

/** Answers {@code Optional<ReplyView>}. */
public record FindReply(String tenantId, String userId, String replyId) {
}
