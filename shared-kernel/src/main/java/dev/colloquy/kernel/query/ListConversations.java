package dev.colloquy.kernel.query;

/** Newest first; {@code text} (may be null) matches titles and message content. */
public record ListConversations(String tenantId, String userId, String text, int limit, int offset) {
}
