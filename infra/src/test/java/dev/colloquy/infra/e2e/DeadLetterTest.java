package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.colloquy.kernel.conversation.DialogueStarted;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One event a handler cannot take never stops a read model: it is parked in its processor's dead-letter queue
 * (counted, listed to the operator) and every other event, of every tenant, goes on. Once fixed it is retried.
 */
@Import(PoisonPills.class)
class DeadLetterTest extends EndToEndTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    EventStore eventStore;
    @Autowired
    EventGateway events;
    @Autowired
    JdbcTemplate jdbc;
    String root;

    @BeforeEach
    void operator() {
        root = api.login("root@colloquy.test");
        PoisonPills.poisonous.set(true);
    }

    @AfterEach
    void emptyTheQueues() {
        PoisonPills.poisonous.set(false);
        for (JsonNode queue : queues()) {
            for (JsonNode letter : queue.path("letters")) {
                api.delete("/api/v1/admin/dead-letters/" + queue.path("processor").asText() + "/"
                        + letter.path("id").asText(), root);
            }
        }
    }

    @Test
    void aTitleTheDatabaseCannotHoldIsParkedAndEveryOtherConversationStillAppears() {
        // Written past the API (which refuses it) as an older version or another writer might have stored it.
        String poisoned = UUID.randomUUID().toString();
        eventStore.publish(new GenericDomainEventMessage<>("Conversation", poisoned, 0,
                new DialogueStarted(poisoned, "acme", Api.subject(alice), "t\u0000x", "simulator", null)));

        List<String> started = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            started.add(asAlice.start("simulator", null));
        }
        // Six conversations land on both segments of the projection: none is held up behind the poisoned one.
        await().atMost(PATIENCE).untilAsserted(() -> started.forEach(id ->
                assertThat(api.get("/api/v1/conversations/" + id, alice).status()).as(id).isEqualTo(200)));

        JsonNode letter = await().atMost(PATIENCE).until(() -> onlyLetterOf("conversations"), l -> l != null);
        assertThat(letter.path("sequence").asText()).isEqualTo(poisoned);
        assertThat(letter.path("eventType").asText()).endsWith("DialogueStarted");
        assertThat(letter.path("causeMessage").asText()).doesNotContain("t\u0000x");
        assertThat(api.metric("colloquy_dead_letters{processor=\"conversations\"}")).isEqualTo(1.0);
        assertThat(api.get("/api/v1/conversations/" + poisoned, alice).status()).isEqualTo(404);

        // Retried while still broken it stays; evicted it is gone, and so is the gauge.
        JsonNode retried = api.post("/api/v1/admin/dead-letters/conversations/retry", root, null).body();
        assertThat(retried.path("recoveredSequences").asInt()).isZero();
        assertThat(retried.path("remaining").asInt()).isEqualTo(1);
        assertThat(api.delete("/api/v1/admin/dead-letters/conversations/" + letter.path("id").asText(), root)
                .status()).isEqualTo(204);
        assertThat(onlyLetterOf("conversations")).isNull();
        assertThat(api.metric("colloquy_dead_letters{processor=\"conversations\"}")).isZero();
    }

    @Test
    void everyDeadLetteringProcessorParksAPoisonEventAndTakesItOnceFixed() {
        events.publish(new PoisonPills.PoisonPill("pill-1"));
        String conversation = asAlice.start("simulator", null);
        JsonNode reply = asAlice.exchange(conversation, "still answered?", null);

        await().atMost(PATIENCE).untilAsserted(() -> PoisonPills.PROCESSORS.forEach(processor ->
                assertThat(onlyLetterOf(processor)).as(processor).isNotNull()));
        assertThat(reply.path("status").asText()).isEqualTo("completed");
        // What came after the pill went on: the conversation is listed and its usage is in the ledger.
        assertThat(api.get("/api/v1/conversations/" + conversation, alice).status()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                "select coalesce(sum(requests), 0) from usage_ledger where user_id = ?", Long.class,
                Api.subject(alice)) > 0);
        for (String processor : PoisonPills.PROCESSORS) {
            assertThat(api.metric("colloquy_dead_letters_enqueued_total{processor=\"" + processor + "\"}"))
                    .as(processor).isGreaterThanOrEqualTo(1.0);
        }

        PoisonPills.poisonous.set(false);
        for (String processor : PoisonPills.PROCESSORS) {
            JsonNode retried = api.post("/api/v1/admin/dead-letters/" + processor + "/retry", root, null).body();
            assertThat(retried.path("recoveredSequences").asInt()).as(processor).isEqualTo(1);
            assertThat(retried.path("remaining").asInt()).as(processor).isZero();
        }
    }

    @Test
    void aReplySagaStepThatFailsIsParkedAndOtherRepliesGoOn() {
        events.publish(new PoisonPills.PoisonPill("saga-pill"));

        JsonNode letter = await().atMost(PATIENCE).until(() -> onlyLetterOf("ReplySagaProcessor"), l -> l != null);
        assertThat(letter.path("eventType").asText()).endsWith("PoisonPill");
        String conversation = asAlice.start("simulator", null);
        assertThat(asAlice.exchange(conversation, "and this one?", null).path("status").asText())
                .isEqualTo("completed");
        assertThat(api.post("/api/v1/admin/dead-letters/ReplySagaProcessor/retry", root, null).errorCode())
                .isEqualTo("CONFLICT");
    }

    @Test
    void theAlertRulesNameMetricsColloquyExports() throws Exception {
        String rules = Files.readString(Path.of("prometheus-alerts.yml"));
        String scrape = api.get("/actuator/prometheus", null).body().asText();
        Matcher metric = Pattern.compile("\\b(colloquy_[a-z_]+)\\b").matcher(rules);
        int named = 0;
        while (metric.find()) {
            assertThat(scrape).as(metric.group(1)).contains("\n" + metric.group(1) + "{");
            named++;
        }
        assertThat(named).isGreaterThanOrEqualTo(2);
    }

    @Test
    void onlyAPlatformAdminSeesTheQueues() {
        assertThat(api.get("/api/v1/admin/dead-letters", alice).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/admin/dead-letters", api.login("ada@acme.test")).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/admin/dead-letters/nope/retry", root, null).status()).isEqualTo(404);
    }

    private JsonNode queues() {
        Api.Response response = api.get("/api/v1/admin/dead-letters", root);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.body();
    }

    private JsonNode onlyLetterOf(String processor) {
        for (JsonNode queue : queues()) {
            if (processor.equals(queue.path("processor").asText()) && queue.path("letters").size() > 0) {
                assertThat(queue.path("letters").size()).as(processor).isEqualTo(1);
                return queue.path("letters").get(0);
            }
        }
        return null;
    }
}
