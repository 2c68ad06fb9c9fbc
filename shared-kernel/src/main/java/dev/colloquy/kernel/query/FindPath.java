package dev.colloquy.kernel.query;

/** Answers {@code Optional<ConversationPath>}; {@code leafId} null means the active leaf. */
public record FindPath(String tenantId, String userId, String conversationId, String leafId) {
}
