package dev.colloquy.infra.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colloquy.infra.integration.IntegrationEventMapping.Outbound;
import dev.colloquy.kernel.MetadataKeys;
import dev.colloquy.kernel.account.UserEnabled;
import dev.colloquy.kernel.conversation.DialogueDeleted;
import dev.colloquy.kernel.conversation.DialogueForked;
import dev.colloquy.kernel.conversation.DialogueRenamed;
import dev.colloquy.kernel.conversation.DialogueRestored;
import dev.colloquy.kernel.conversation.DialogueStarted;
import dev.colloquy.kernel.conversation.MessagePosted;
import dev.colloquy.kernel.conversation.MessageRejected;
import dev.colloquy.kernel.conversation.TranscriptEntry;
import dev.colloquy.kernel.quota.QuotaExceeded;
import dev.colloquy.kernel.quota.QuotaLimit;
import dev.colloquy.kernel.quota.QuotaScope;
import dev.colloquy.kernel.quota.QuotaSoftLimitReached;
import dev.colloquy.kernel.quota.RateLimitExceeded;
import dev.colloquy.kernel.reply.ReplyCancelled;
import dev.colloquy.kernel.reply.ReplyCompleted;
import dev.colloquy.kernel.reply.ReplyFailed;
import dev.colloquy.kernel.reply.TokenUsage;
import dev.colloquy.kernel.usage.UsageRecorded;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

/** The published contract of docs/integration-events.md, event by event, and that no text ever leaves. */
class IntegrationEventMappingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "SECRET-TEXT";
    private static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");

    @Test
    void usageCarriesTokensAndAnExactCostKeyedByTheTenantOfTheMetadata() throws Exception {
        EventMessage<?> message = message(new UsageRecorded("c1", "r1", "acme", "u1", "simulator", 12, 34,
                new BigDecimal("0.0000148"), true));

        Outbound outbound = IntegrationEventMapping.map(message).orElseThrow();
        JsonNode json = json(outbound);

        assertThat(outbound.topic()).isEqualTo(IntegrationTopic.USAGE);
        assertThat(json.path("eventId").asText()).isEqualTo(message.getIdentifier());
        assertThat(json.path("type").asText()).isEqualTo("usage.recorded");
        assertThat(json.path("version").asInt()).isEqualTo(1);
        assertThat(json.path("occurredAt").asText()).isEqualTo("2026-03-01T10:15:30Z");
        assertThat(json.path("tenantId").asText()).isEqualTo("tenant-from-metadata");
        assertThat(json.path("actorId").asText()).isEqualTo("actor-1");
        assertThat(json.path("traceId").asText()).isEqualTo("trace-1");
        assertThat(json.path("data")).isEqualTo(JSON.readTree("""
                {"conversationId":"c1","replyId":"r1","userId":"u1","model":"simulator","promptTokens":12,
                 "completionTokens":34,"costUsd":"0.0000148","estimated":true}"""));
    }

    @Test
    void anUnpricedUsageStaysUnpricedRatherThanFree() throws Exception {
        JsonNode json = json(IntegrationEventMapping.map(message(
                new UsageRecorded("c1", "r1", "acme", "u1", "unknown", 1, 2, null, false))).orElseThrow());

        assertThat(json.path("data").path("costUsd").isNull()).isTrue();
    }

    @Test
    void quotaWarningsAndRefusalsGoToTheQuotaTopic() throws Exception {
        Instant periodStart = Instant.parse("2026-03-01T00:00:00Z");
        Outbound soft = IntegrationEventMapping.map(message(new QuotaSoftLimitReached("u1", "acme",
                QuotaLimit.COST_PER_DAY, periodStart, new BigDecimal("8.00"), new BigDecimal("10")))).orElseThrow();
        Outbound exceeded = IntegrationEventMapping.map(message(new QuotaExceeded("u1", "acme",
                QuotaScope.USER, QuotaLimit.MESSAGES_PER_HOUR, "c1", Instant.parse("2026-03-01T11:00:00Z")))).orElseThrow();
        Outbound rate = IntegrationEventMapping.map(message(new RateLimitExceeded("u1", "acme",
                "user-requests-per-minute"))).orElseThrow();

        assertThat(List.of(soft.topic(), exceeded.topic(), rate.topic())).containsOnly(IntegrationTopic.QUOTA);
        assertThat(json(soft).path("type").asText()).isEqualTo("quota.soft-limit-reached");
        assertThat(json(soft).path("data")).isEqualTo(JSON.readTree("""
                {"userId":"u1","limit":"cost-per-day","period":"day","periodStart":"2026-03-01T00:00:00Z",
                 "used":"8.00","limitValue":"10"}"""));
        assertThat(json(exceeded).path("type").asText()).isEqualTo("quota.exceeded");
        assertThat(json(exceeded).path("data")).isEqualTo(JSON.readTree("""
                {"userId":"u1","scope":"user","limit":"messages-per-hour","period":"hour","conversationId":"c1",
                 "resetsAt":"2026-03-01T11:00:00Z"}"""));
        assertThat(json(rate).path("type").asText()).isEqualTo("rate-limit.exceeded");
        assertThat(json(rate).path("data")).isEqualTo(JSON.readTree("""
                {"userId":"u1","limit":"user-requests-per-minute"}"""));
    }

    @Test
    void withoutATenantInTheMetadataThePayloadsTenantKeysTheEvent() throws Exception {
        EventMessage<?> message = GenericEventMessage.asEventMessage(
                new RateLimitExceeded("u1", "acme", "tenant-tokens-per-minute"));

        assertThat(json(IntegrationEventMapping.map(message).orElseThrow()).path("tenantId").asText())
                .isEqualTo("acme");
    }

    @Test
    void conversationLifecycleCarriesIdsCountsAndLengthsButNoText() throws Exception {
        TranscriptEntry copied = new TranscriptEntry("m1", null, "s1", "user", SECRET, "posted", null, AT);
        Map<Object, String> expected = Map.ofEntries(
                Map.entry(new DialogueStarted("c1", "acme", "u1", SECRET, "simulator", SECRET),
                        """
                        {"conversationId":"c1","userId":"u1","model":"simulator","systemPromptLength":11}"""),
                Map.entry(new DialogueForked("c2", "acme", "u1", SECRET, "simulator", SECRET, "c1", "s1",
                                List.of(copied, copied)),
                        """
                        {"conversationId":"c2","userId":"u1","model":"simulator","sourceConversationId":"c1",
                         "sourceMessageId":"s1","messageCount":2}"""),
                Map.entry(new DialogueRenamed("c1", SECRET), """
                        {"conversationId":"c1"}"""),
                Map.entry(new DialogueDeleted("c1"), """
                        {"conversationId":"c1"}"""),
                Map.entry(new DialogueRestored("c1"), """
                        {"conversationId":"c1"}"""),
                Map.entry(new MessagePosted("c1", "m1", "m0", SECRET, "client-1", 40, List.of("role_override"),
                                List.of(SECRET)),
                        """
                        {"conversationId":"c1","messageId":"m1","parentMessageId":"m0","contentLength":11,
                         "injectionScore":40}"""),
                Map.entry(new MessageRejected("c1", "injection_blocked", "d1g3st", 11, 95, List.of("role_override")),
                        """
                        {"conversationId":"c1","reason":"injection_blocked","contentLength":11,"injectionScore":95}"""),
                Map.entry(new ReplyCompleted("c1", "r1", SECRET, "simulator", "stop", new TokenUsage(5, 7), 120, 900,
                                List.of("email")),
                        """
                        {"conversationId":"c1","replyId":"r1","model":"simulator","finishReason":"stop",
                         "promptTokens":5,"completionTokens":7,"contentLength":11,"timeToFirstTokenMillis":120,
                         "latencyMillis":900}"""),
                Map.entry(new ReplyFailed("c1", "r1", "LLM_UNAVAILABLE", SECRET, SECRET, "simulator",
                                new TokenUsage(5, 2), List.of()),
                        """
                        {"conversationId":"c1","replyId":"r1","model":"simulator","errorCode":"LLM_UNAVAILABLE",
                         "promptTokens":5,"completionTokens":2,"partialContentLength":11}"""),
                Map.entry(new ReplyCancelled("c1", "r1", SECRET, "simulator", null, List.of()),
                        """
                        {"conversationId":"c1","replyId":"r1","model":"simulator","promptTokens":0,
                         "completionTokens":0,"partialContentLength":11}"""));
        Map<Class<?>, String> types = Map.of(DialogueStarted.class, "conversation.started",
                DialogueForked.class, "conversation.forked", DialogueRenamed.class, "conversation.renamed",
                DialogueDeleted.class, "conversation.deleted", DialogueRestored.class, "conversation.restored",
                MessagePosted.class, "message.posted", MessageRejected.class, "message.rejected",
                ReplyCompleted.class, "reply.completed", ReplyFailed.class, "reply.failed",
                ReplyCancelled.class, "reply.cancelled");

        for (Map.Entry<Object, String> entry : expected.entrySet()) {
            Outbound outbound = IntegrationEventMapping.map(message(entry.getKey())).orElseThrow();
            String raw = KafkaEventPublisher.json(outbound.event());

            assertThat(outbound.topic()).isEqualTo(IntegrationTopic.CONVERSATION);
            assertThat(outbound.event().type()).isEqualTo(types.get(entry.getKey().getClass()));
            assertThat(outbound.event().tenantId()).isEqualTo("tenant-from-metadata");
            assertThat(JSON.readTree(raw).path("data")).as(raw).isEqualTo(JSON.readTree(entry.getValue()));
            assertThat(raw).doesNotContain(SECRET).doesNotContain("d1g3st");
        }
    }

    @Test
    void otherEventsAreNotPublished() {
        assertThat(IntegrationEventMapping.map(message(new UserEnabled("u1", "acme")))).isEmpty();
    }

    private static EventMessage<?> message(Object payload) {
        return new GenericEventMessage<>(GenericEventMessage.asEventMessage(payload), () -> AT)
                .withMetaData(Map.of(MetadataKeys.TENANT, "tenant-from-metadata", MetadataKeys.ACTOR, "actor-1",
                        MetadataKeys.TRACE_ID, "trace-1"));
    }

    private static JsonNode json(Outbound outbound) throws Exception {
        return JSON.readTree(KafkaEventPublisher.json(outbound.event()));
    }
}
