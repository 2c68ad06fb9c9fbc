package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.colloquy.infra.e2e.IntegrationTopicsReader.Delivery;
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
import dev.colloquy.kernel.usage.UsageRecorded;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Integration events against a real (embedded KRaft) Kafka broker: everything the event store holds reaches the
 * topics, without text, and an outage of the broker delays publishing but loses nothing.
 */
// The broker shares the application's logging; its INFO lines would bury the application's.
@TestPropertySource(properties = {"logging.level.kafka=WARN", "logging.level.org.apache.kafka=WARN",
        "logging.level.state.change.logger=WARN"})
class KafkaPublishingTest extends EndToEndTest {
    static final List<String> TOPICS = List.of("colloquy.usage.v1", "colloquy.quota.v1", "colloquy.conversation.v1");
    static final List<Class<?>> PUBLISHED = List.of(UsageRecorded.class, QuotaSoftLimitReached.class,
            QuotaExceeded.class, RateLimitExceeded.class, DialogueStarted.class, DialogueForked.class,
            DialogueRenamed.class, DialogueDeleted.class, DialogueRestored.class, MessagePosted.class,
            MessageRejected.class, ReplyCompleted.class, ReplyFailed.class, ReplyCancelled.class);
    /** Every text a user typed in these tests carries it; no published byte may. */
    static final String MARKER = "kafka-private";

    /**
     * Created here rather than with {@code @EmbeddedKafka}, which leaves the bootstrap servers in a system property
     * that would switch Kafka on for every later test class in the JVM.
     */
    static final EmbeddedKafkaKraftBroker KAFKA = startKafka();

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;
    IntegrationTopicsReader reader;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("colloquy.integration.kafka.bootstrap-servers", KAFKA::getBrokersAsString);
        // An outage fails a send within seconds, rather than the default 10.
        registry.add("colloquy.integration.kafka.delivery-timeout", () -> "3s");
    }

    private static EmbeddedKafkaKraftBroker startKafka() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 2, TOPICS.toArray(String[]::new));
        broker.afterPropertiesSet();
        return broker;
    }

    @AfterAll
    static void stopKafka() {
        KAFKA.destroy();
        System.clearProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);
    }

    @BeforeEach
    void openReader() {
        reader = new IntegrationTopicsReader(KAFKA.getBrokersAsString(), TOPICS);
    }

    @AfterEach
    void closeReader() {
        reader.close();
    }

    @Test
    void everyEventOfAScriptedRunIsPublishedWithIdsAndCountsButNoText() {
        List<String> replyTexts = scriptedRun();

        Map<String, String> stored = awaitAllPublished();

        assertThat(usageIds(reader.handled)).as("every UsageRecorded of the run, on the usage topic")
                .isEqualTo(storedIds(stored, UsageRecorded.class)).isNotEmpty();
        assertThat(reader.handled.stream().map(d -> d.json().path("type").asText()).collect(Collectors.toSet()))
                .contains("usage.recorded", "conversation.started", "conversation.forked", "conversation.renamed",
                        "conversation.deleted", "conversation.restored", "message.posted", "reply.completed",
                        "reply.failed", "reply.cancelled", "quota.soft-limit-reached", "quota.exceeded");
        for (Delivery delivery : reader.deliveries) {
            assertThat(delivery.key()).as("keyed by tenant").isNotBlank()
                    .isEqualTo(delivery.json().path("tenantId").asText());
            assertThat(delivery.json().path("version").asInt()).isEqualTo(1);
            assertThat(delivery.json().path("actorId").asText()).isNotBlank();
            assertThat(delivery.json().path("traceId").asText()).isNotBlank();
            assertThat(delivery.value()).as("no message text, title or prompt").doesNotContain(MARKER);
            replyTexts.forEach(text -> assertThat(delivery.value()).as("no reply text").doesNotContain(text));
        }
    }

    @Test
    void aBrokerOutageDelaysPublishingButLosesNothingAndEachEventIsHandledOnce() throws Exception {
        List<String> replies = new ArrayList<>();
        String id = asAlice.start("simulator", null);
        replies.add(charged(id, "before the outage"));
        awaitAllPublished();
        double failuresBefore = failures();

        KafkaClusterTestKit cluster = KAFKA.getCluster();
        cluster.brokers().values().forEach(BrokerServer::shutdown);
        for (int i = 0; i < 3; i++) {
            replies.add(charged(id, "during the outage " + i));
        }
        replies.add(charged(asAlice.start("simulator", null), "in a conversation started during the outage"));
        await().atMost(Duration.ofSeconds(60)).until(() -> failures() > failuresBefore);

        cluster.brokers().values().forEach(BrokerServer::startup);
        cluster.waitForReadyBrokers();
        replies.add(charged(id, "after the outage"));

        Map<String, String> stored = awaitAllPublished();
        assertThat(reader.handled).as("each event handled exactly once").hasSize(stored.size());
        assertThat(usageIds(reader.handled)).isEqualTo(storedIds(stored, UsageRecorded.class));
        assertThat(reader.handled.stream().filter(d -> d.topic().equals("colloquy.usage.v1"))
                .map(d -> d.json().path("data").path("replyId").asText())).containsAll(replies);
        assertThat(handledTokens()).as("a billing consumer's token total matches the event store")
                .isEqualTo(jdbc.queryForObject("""
                        select sum((convert_from(payload, 'UTF8')::jsonb ->> 'promptTokens')::bigint
                                 + (convert_from(payload, 'UTF8')::jsonb ->> 'completionTokens')::bigint)
                        from domainevententry where payloadtype = ?""", Long.class,
                        UsageRecorded.class.getName()));
    }

    private String charged(String conversationId, String text) {
        String replyId = asAlice.post(conversationId, MARKER + " " + text, null).path("replyId").asText();
        asAlice.awaitCharged(replyId);
        return replyId;
    }

    /** Conversations, a rename, a fork, a delete and restore, a failed and a cancelled reply; the reply texts. */
    private List<String> scriptedRun() {
        List<String> replyTexts = new ArrayList<>();
        String id = asAlice.start("simulator", MARKER + " system prompt");
        JsonNode first = asAlice.awaitCharged(asAlice.post(id, MARKER + " hello", null).path("replyId").asText());
        replyTexts.add(first.path("content").asText());
        replyTexts.add(asAlice.awaitCharged(asAlice.post(id, MARKER + " again", null).path("replyId").asText())
                .path("content").asText());
        assertThat(api.patch("/api/v1/conversations/" + id, alice, Map.of("title", MARKER + " title")).status())
                .isEqualTo(200);
        String fork = api.post("/api/v1/conversations/" + id + "/fork", alice,
                Map.of("messageId", first.path("id").asText())).body().path("id").asText();
        asAlice.awaitCharged(asAlice.post(fork, MARKER + " in the fork", null).path("replyId").asText());
        String scripted = asAlice.start("scripted", null);
        asAlice.awaitCharged(asAlice.post(scripted, "[fail:400] " + MARKER, null).path("replyId").asText());
        String held = asAlice.post(scripted, "[hold] " + MARKER, null).path("replyId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> "streaming".equals(
                api.get("/api/v1/replies/" + held, alice).body().path("status").asText()));
        api.post("/api/v1/replies/" + held + "/cancel", alice, null);
        asAlice.awaitCharged(held);
        assertThat(api.delete("/api/v1/conversations/" + fork, alice).status()).isLessThan(300);
        assertThat(api.post("/api/v1/conversations/" + fork + "/restore", alice, null).status()).isLessThan(300);
        meetTheHourlyQuota(id);
        assertThat(replyTexts).allSatisfy(text -> assertThat(text).hasSizeGreaterThan(20));
        return replyTexts;
    }

    /** Alice's next message fills her hourly quota (a warning), the one after is refused. */
    private void meetTheHourlyQuota(String conversation) {
        String admin = api.login("ada@acme.test");
        String quotas = "/api/v1/admin/users/" + Api.subject(alice) + "/quotas";
        long sent = api.get("/api/v1/usage/me", alice).body().path("periods").path("hour").path("messages").asLong();
        assertThat(api.put(quotas, admin, Map.of("messagesPerHour", sent + 1)).status()).isEqualTo(200);
        try {
            Api.Response last = api.post("/api/v1/conversations/" + conversation + "/messages", alice,
                    Map.of("content", MARKER + " the last one this hour"));
            assertThat(last.header("X-Quota-Warning")).isEqualTo("messages-per-hour=100%");
            asAlice.awaitCharged(last.body().path("replyId").asText());
            assertThat(api.post("/api/v1/conversations/" + conversation + "/messages", alice,
                    Map.of("content", MARKER + " one too many")).errorCode()).isEqualTo("QUOTA_EXCEEDED");
        } finally {
            api.put(quotas, admin, Map.of());
        }
    }

    /**
     * Waits until the deduplicating consumer has handled exactly the published events the event store holds
     * (their ids, and nothing else), and answers them as id to payload type.
     */
    private Map<String, String> awaitAllPublished() {
        Map<String, String> stored = new HashMap<>();
        await().atMost(Duration.ofSeconds(120)).pollInSameThread().pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    stored.clear();
                    stored.putAll(storedEvents());
                    reader.poll();
                    assertThat(reader.handled.stream().map(Delivery::eventId).collect(Collectors.toSet()))
                            .isEqualTo(stored.keySet());
                });
        return stored;
    }

    private Map<String, String> storedEvents() {
        Map<String, String> events = new HashMap<>();
        jdbc.query("select eventidentifier, payloadtype from domainevententry where payloadtype = any(?)",
                row -> {
                    events.put(row.getString(1), row.getString(2));
                }, (Object) PUBLISHED.stream().map(Class::getName).toArray(String[]::new));
        return events;
    }

    private static Set<String> storedIds(Map<String, String> stored, Class<?> type) {
        return stored.entrySet().stream().filter(e -> e.getValue().equals(type.getName())).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    private static Set<String> usageIds(List<Delivery> deliveries) {
        return deliveries.stream().filter(d -> d.topic().equals("colloquy.usage.v1")).map(Delivery::eventId)
                .collect(Collectors.toSet());
    }

    private long handledTokens() {
        return reader.handled.stream().filter(d -> d.topic().equals("colloquy.usage.v1"))
                .mapToLong(d -> d.json().path("data").path("promptTokens").asLong()
                        + d.json().path("data").path("completionTokens").asLong())
                .sum();
    }

    private double failures() {
        return meters.get("colloquy.integration.events.failed").counter().count();
    }
}
