package dev.colloquy.infra.integration;

import java.time.Instant;

/**
 * The {@code data} of each integration event type: ids, models, counts and lengths, never message text, titles
 * or system prompts. Money travels as a decimal string so that no consumer rounds it through a double.
 */
public sealed interface IntegrationData {

    record UsageRecorded(String conversationId, String replyId, String userId, String model, long promptTokens,
                         long completionTokens, String costUsd, boolean estimated) implements IntegrationData {
    }

    record QuotaSoftLimitReached(String userId, String limit, String period, Instant periodStart, String used,
                                 String limitValue) implements IntegrationData {
    }

    record QuotaExceeded(String userId, String scope, String limit, String period, String conversationId,
                         Instant resetsAt) implements IntegrationData {
    }

    record RateLimitExceeded(String userId, String limit) implements IntegrationData {
    }

    record ConversationStarted(String conversationId, String userId, String model, int systemPromptLength)
            implements IntegrationData {
    }

    record ConversationForked(String conversationId, String userId, String model, String sourceConversationId,
                              String sourceMessageId, int messageCount) implements IntegrationData {
    }

    /** Renamed, deleted or restored: which one is the event's type; the new title is content and stays out. */
    record ConversationChanged(String conversationId) implements IntegrationData {
    }

    record MessagePosted(String conversationId, String messageId, String parentMessageId, int contentLength,
                         int injectionScore) implements IntegrationData {
    }

    record MessageRejected(String conversationId, String reason, int contentLength, int injectionScore)
            implements IntegrationData {
    }

    record ReplyCompleted(String conversationId, String replyId, String model, String finishReason,
                          long promptTokens, long completionTokens, int contentLength, long timeToFirstTokenMillis,
                          long latencyMillis) implements IntegrationData {
    }

    /** The provider's error message is left out: it may quote the prompt. */
    record ReplyFailed(String conversationId, String replyId, String model, String errorCode, long promptTokens,
                       long completionTokens, int partialContentLength) implements IntegrationData {
    }

    record ReplyCancelled(String conversationId, String replyId, String model, long promptTokens,
                          long completionTokens, int partialContentLength) implements IntegrationData {
    }
}
