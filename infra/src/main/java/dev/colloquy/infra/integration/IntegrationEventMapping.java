package dev.colloquy.infra.integration;

import dev.colloquy.kernel.MetadataKeys;
import dev.colloquy.kernel.conversation.DialogueDeleted;
import dev.colloquy.kernel.conversation.DialogueForked;
import dev.colloquy.kernel.conversation.DialogueRenamed;
import dev.colloquy.kernel.conversation.DialogueRestored;
import dev.colloquy.kernel.conversation.DialogueStarted;
import dev.colloquy.kernel.conversation.MessagePosted;
import dev.colloquy.kernel.conversation.MessageRejected;
import dev.colloquy.kernel.quota.QuotaExceeded;
import dev.colloquy.kernel.quota.QuotaSoftLimitReached;
import dev.colloquy.kernel.quota.RateLimitExceeded;
import dev.colloquy.kernel.reply.ReplyCancelled;
import dev.colloquy.kernel.reply.ReplyCompleted;
import dev.colloquy.kernel.reply.ReplyFailed;
import dev.colloquy.kernel.reply.TokenUsage;
import dev.colloquy.kernel.usage.UsageRecorded;
import java.math.BigDecimal;
import java.util.Optional;
import org.axonframework.eventhandling.EventMessage;

/**
 * Which domain events leave Colloquy, on which topic, and as what. The contract is docs/integration-events.md:
 * a field added here is a change to a published schema.
 */
public final class IntegrationEventMapping {
    /** Schema version of every integration event type; bumped per type on an incompatible change. */
    static final int VERSION = 1;

    private IntegrationEventMapping() {
    }

    public record Outbound(IntegrationTopic topic, IntegrationEvent event) {
    }

    private record Mapped(IntegrationTopic topic, String type, String payloadTenant, IntegrationData data) {
    }

    /** The integration event for a domain event, or empty for one that is not published. */
    public static Optional<Outbound> map(EventMessage<?> message) {
        return Optional.ofNullable(mapped(message.getPayload())).map(m -> new Outbound(m.topic(), new IntegrationEvent(
                message.getIdentifier(), m.type(), VERSION, message.getTimestamp(),
                metadata(message, MetadataKeys.TENANT, m.payloadTenant()), metadata(message, MetadataKeys.ACTOR, null),
                metadata(message, MetadataKeys.TRACE_ID, null), m.data())));
    }

    private static String metadata(EventMessage<?> message, String key, String fallback) {
        Object value = message.getMetaData().get(key);
        return value == null ? fallback : value.toString();
    }

    private static Mapped mapped(Object payload) {
        return switch (payload) {
            case UsageRecorded e -> new Mapped(IntegrationTopic.USAGE, "usage.recorded", e.tenantId(),
                    new IntegrationData.UsageRecorded(e.conversationId(), e.replyId(), e.ownerId(), e.model(),
                            e.promptTokens(), e.completionTokens(), decimal(e.costUsd()), e.estimated()));
            case QuotaSoftLimitReached e -> new Mapped(IntegrationTopic.QUOTA, "quota.soft-limit-reached", e.tenantId(),
                    new IntegrationData.QuotaSoftLimitReached(e.userId(), e.limit().wireName(),
                            e.limit().period().wireName(), e.periodStart(), e.used().toPlainString(),
                            e.limitValue().toPlainString()));
            case QuotaExceeded e -> new Mapped(IntegrationTopic.QUOTA, "quota.exceeded", e.tenantId(),
                    new IntegrationData.QuotaExceeded(e.userId(), e.scope().wireName(), e.limit().wireName(),
                            e.limit().period().wireName(), e.conversationId(), e.resetsAt()));
            case RateLimitExceeded e -> new Mapped(IntegrationTopic.QUOTA, "rate-limit.exceeded", e.tenantId(),
                    new IntegrationData.RateLimitExceeded(e.userId(), e.limit()));
            case DialogueStarted e -> conversation("conversation.started", e.tenantId(),
                    new IntegrationData.ConversationStarted(e.conversationId(), e.ownerId(), e.model(),
                            length(e.systemPrompt())));
            case DialogueForked e -> conversation("conversation.forked", e.tenantId(),
                    new IntegrationData.ConversationForked(e.conversationId(), e.ownerId(), e.model(),
                            e.sourceConversationId(), e.sourceMessageId(), e.transcript().size()));
            case DialogueRenamed e -> changed("conversation.renamed", e.conversationId());
            case DialogueDeleted e -> changed("conversation.deleted", e.conversationId());
            case DialogueRestored e -> changed("conversation.restored", e.conversationId());
            case MessagePosted e -> conversation("message.posted", null,
                    new IntegrationData.MessagePosted(e.conversationId(), e.messageId(), e.parentMessageId(),
                            length(e.content()), e.injectionScore()));
            case MessageRejected e -> conversation("message.rejected", null,
                    new IntegrationData.MessageRejected(e.conversationId(), e.reason(), e.contentLength(),
                            e.injectionScore()));
            case ReplyCompleted e -> conversation("reply.completed", null,
                    new IntegrationData.ReplyCompleted(e.conversationId(), e.replyId(), e.model(), e.finishReason(),
                            usage(e.usage()).promptTokens(), usage(e.usage()).completionTokens(),
                            length(e.content()), e.timeToFirstTokenMillis(), e.latencyMillis()));
            case ReplyFailed e -> conversation("reply.failed", null,
                    new IntegrationData.ReplyFailed(e.conversationId(), e.replyId(), e.model(), e.errorCode(),
                            usage(e.usage()).promptTokens(), usage(e.usage()).completionTokens(),
                            length(e.partialContent())));
            case ReplyCancelled e -> conversation("reply.cancelled", null,
                    new IntegrationData.ReplyCancelled(e.conversationId(), e.replyId(), e.model(),
                            usage(e.usage()).promptTokens(), usage(e.usage()).completionTokens(),
                            length(e.partialContent())));
            default -> null;
        };
    }

    private static Mapped conversation(String type, String payloadTenant, IntegrationData data) {
        return new Mapped(IntegrationTopic.CONVERSATION, type, payloadTenant, data);
    }

    private static Mapped changed(String type, String conversationId) {
        return conversation(type, null, new IntegrationData.ConversationChanged(conversationId));
    }

    /** A usage of a model without a price stays unpriced (null), never $0. */
    private static String decimal(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    /** The event store may hold replies without usage; the reply saga reads those as none too. */
    private static TokenUsage usage(TokenUsage usage) {
        return usage == null ? TokenUsage.NONE : usage;
    }
}
