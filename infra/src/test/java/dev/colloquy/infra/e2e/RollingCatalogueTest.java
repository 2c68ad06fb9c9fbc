package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.colloquy.infra.node.NodeWatch;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A rolling deploy that adds a model: the new node has it, the old one (which runs the reply saga and records
 * usage) does not. The reply is priced as the node that ran it priced it, not recorded unpriced, and both nodes
 * say their catalogues differ. Segments are not shared here, so that the old node runs the whole saga.
 */
class RollingCatalogueTest {
    private static final FakeOpenAi OPENAI = FakeOpenAi.start();
    private static ConfigurableApplicationContext old;
    private static ConfigurableApplicationContext upgraded;

    @BeforeAll
    static void boot() {
        // Booted first, the old node holds every processor segment, the reply saga's too.
        old = TestNode.boot(true, OPENAI, Map.of("colloquy.node-id", "old",
                "colloquy.cluster.balance-segments", "false"));
        upgraded = TestNode.boot(false, OPENAI, Map.of("colloquy.node-id", "upgraded",
                "colloquy.cluster.balance-segments", "false",
                "colloquy.models.catalogue[2].id", "scripted-new",
                "colloquy.models.catalogue[2].provider", "openai",
                "colloquy.models.catalogue[2].upstream-name", "fake-model",
                "colloquy.models.catalogue[2].context-window", "4096",
                "colloquy.models.catalogue[2].output-reserve", "512",
                "colloquy.models.catalogue[2].input-price-per-million", "3.00",
                "colloquy.models.catalogue[2].output-price-per-million", "15.00",
                "colloquy.plans.definitions.pro.models[2]", "scripted-new"));
    }

    @AfterAll
    static void stop() {
        upgraded.close();
        old.close();
        OPENAI.close();
    }

    @Test
    void bothNodesSayTheirCataloguesDifferWithoutLeavingService() {
        for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {old, upgraded}) {
            Api api = TestNode.api(node);
            await().atMost(Duration.ofSeconds(30)).until(() -> api.metric("colloquy_catalogue_differing_nodes") == 1);
            Api.Response health = api.get("/actuator/health", null);
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body().path("status").asText()).isEqualTo("DEGRADED");
            assertThat(health.body().path("components").path("catalogue").path("status").asText()).as(health.toString())
                    .isEqualTo("DEGRADED");
            assertThat(health.body().path("components").path("catalogue").has("details"))
                    .as("which models differ is for the log, not the public").isFalse();
            assertThat(api.get("/actuator/health/readiness", null).body().path("status").asText()).isEqualTo("UP");
        }
        assertThat(upgraded.getBean(NodeWatch.class).differences()).singleElement().satisfies(difference -> {
            assertThat(difference.nodeId()).isEqualTo("old");
            assertThat(difference.onlyHere()).containsExactly("scripted-new");
            assertThat(difference.onlyThere()).isEmpty();
            assertThat(difference.unlike()).isEmpty();
        });
    }

    @Test
    void aReplyOfAModelOnlyTheNewNodeKnowsIsPricedAtItsPrices() {
        Api api = TestNode.api(upgraded);
        String token = api.login("alice@acme.test");
        Conversations conversations = new Conversations(api, token);
        String conversation = conversations.start("scripted-new", null);

        JsonNode reply = conversations.awaitCharged(conversations.post(conversation, "priced where it ran", null)
                .path("replyId").asText());

        long prompt = reply.path("usage").path("promptTokens").asLong();
        long completion = reply.path("usage").path("completionTokens").asLong();
        BigDecimal expected = new BigDecimal("3.00").multiply(BigDecimal.valueOf(prompt))
                .add(new BigDecimal("15.00").multiply(BigDecimal.valueOf(completion)))
                .divide(BigDecimal.valueOf(1_000_000), 6, java.math.RoundingMode.HALF_UP);
        assertThat(new BigDecimal(reply.path("costUsd").asText())).isEqualByComparingTo(expected);
        assertThat(old.getBean(JdbcTemplate.class).queryForList(
                "select owner from tokenentry where processorname = 'ReplySagaProcessor'", String.class))
                .as("the saga that recorded the usage ran on the old node").containsOnly("old");
        assertThat(TestNode.api(old).metric("colloquy_dead_letters{processor=\"ReplySagaProcessor\"}")).isZero();
    }
}
