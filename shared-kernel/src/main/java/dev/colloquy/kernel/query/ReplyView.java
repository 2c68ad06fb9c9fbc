package dev.colloquy.kernel.query;

import dev.colloquy.kernel.reply.TokenUsage;
import java.math.BigDecimal;
import java.time.Instant;

public record ReplyView(String id, String conversationId, String promptMessageId, String status, String content,
                        String model, String finishReason, TokenUsage usage, BigDecimal costUsd,
                        String errorCode, String errorMessage, Long timeToFirstTokenMillis, Long latencyMillis,
                        Instant requestedAt, Instant finishedAt) {
}
