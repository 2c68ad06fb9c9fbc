package dev.colloquy.kernel.query;

import dev.colloquy.kernel.reply.TokenUsage;
import java.time.Instant;

/**
 * One node of a conversation tree. Status is {@code posted} for user messages and {@code requested},
 * {@code streaming}, {@code completed}, {@code failed} or {@code cancelled} for assistant replies.
 */
public record MessageView(String id, String parentId, String role, String content, String status,
                          Instant createdAt, String model, TokenUsage usage, String errorCode) {
}
