package dev.colloquy.kernel.query;

/** Answers {@code Optional<ConversationTree>}: empty for a missing, deleted or foreign conversation alike. */
public record FindConversation(String tenantId, String userId, String conversationId) {
}
