package dev.colloquy.kernel.query;

import dev.colloquy.kernel.reply.Citation;
import dev.colloquy.kernel.reply.TokenUsage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

public record ReplyView(String id, String conversationId, String promptMessageId, String status, String content,
                        String model, String finishReason, TokenUsage usage, BigDecimal costUsd,
                        String errorCode, String errorMessage, Long timeToFirstTokenMillis, Long latencyMillis,
                        Instant requestedAt, Instant finishedAt, List<Citation> citations) {
    public ReplyView {
        citations = citations == null ? List.of() : List.copyOf(citations);
    }

    public ReplyView withCitations(List<Citation> sources) {
        return new ReplyView(id, conversationId, promptMessageId, status, content, model, finishReason, usage, costUsd,
                errorCode, errorMessage, timeToFirstTokenMillis, latencyMillis, requestedAt, finishedAt, sources);
    }
}
