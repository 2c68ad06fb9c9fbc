package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.colloquy.command.quota.QuotaReservations;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Quotas as a user meets them: warnings from the soft limit on, refusal at the hard limit before any model call,
 * reservations that hold under concurrency and are given back when a reply fails or is cancelled.
 */
class QuotaTest extends EndToEndTest {
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    QuotaReservations reservations;

    /**
     * A simulated model that may write at most 32 tokens (the simulator writes 24): a reservation is then close
     * to what a reply uses, so a quota can be filled near to its edge.
     */
    @DynamicPropertySource
    static void tightModel(DynamicPropertyRegistry registry) {
        String model = "colloquy.models.catalogue[2].";
        registry.add(model + "id", () -> "tight");
        registry.add(model + "provider", () -> "simulator");
        registry.add(model + "upstream-name", () -> "tight");
        registry.add(model + "context-window", () -> "8192");
        registry.add(model + "output-reserve", () -> "32");
        registry.add(model + "input-price-per-million", () -> "0.10");
        registry.add(model + "output-price-per-million", () -> "0.40");
        registry.add("colloquy.plans.definitions.pro.models[2]", () -> "tight");
    }

    /** A fresh member of acme with its own quota overrides, so no test eats into another's budget. */
    private long events(String type, String userId) {
        return jdbc.queryForObject("""
                select count(*) from domainevententry where payloadtype like ? and aggregateidentifier = ?""",
                Long.class, "%." + type, userId);
    }

    private long messagesPosted(String conversation) {
        return jdbc.queryForObject("""
                select count(*) from domainevententry where payloadtype like '%.MessagePosted'
                and aggregateidentifier = ?""", Long.class, conversation);
    }

    @Test
    void theSoftLimitWarnsOncePerPeriodAndTheHardLimitRefusesBeforeAnyModelCall() {
        Member user = Member.ofAcme(api, Map.of("messagesPerDay", 5));
        String conversation = user.conversations().start("simulator", null);
        String exceeded = "colloquy_quota_exceeded_total{limit=\"messages-per-day\",scope=\"user\"}";
        String warned = "colloquy_quota_warnings_total{limit=\"messages-per-day\",scope=\"user\"}";
        double exceededBefore = api.metric(exceeded);
        double warnedBefore = api.metric(warned);
        List<Api.Response> posts = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Api.Response response = user.conversations().attempt(conversation, "message " + i);
            assertThat(response.status()).as(response.toString()).isEqualTo(202);
            user.conversations().awaitCharged(response.body().path("replyId").asText());
            posts.add(response);
        }

        assertThat(posts.subList(0, 3)).allSatisfy(r -> assertThat(r.header("X-Quota-Warning")).isNull());
        assertThat(posts.get(3).header("X-Quota-Warning")).isEqualTo("messages-per-day=80%");
        assertThat(posts.get(4).header("X-Quota-Warning")).isEqualTo("messages-per-day=100%");
        await().atMost(Duration.ofSeconds(10)).until(() -> events("QuotaSoftLimitReached", user.id()) == 1);

        Api.Response refused = user.conversations().attempt(conversation, "message 6");
        Instant tomorrow = Instant.now().atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).plusDays(1).toInstant();
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.errorCode()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(refused.body().path("error").path("details").path("limit").asText()).isEqualTo("messages-per-day");
        assertThat(Instant.parse(refused.body().path("error").path("details").path("resetsAt").asText()))
                .isEqualTo(tomorrow);
        assertThat(messagesPosted(conversation)).as("the refused message is not recorded").isEqualTo(5);
        assertThat(events("QuotaExceeded", user.id())).as("the refusal is").isEqualTo(1);
        assertThat(events("QuotaSoftLimitReached", user.id())).isEqualTo(1);
        assertThat(api.metric(exceeded) - exceededBefore).as("operators see it too").isEqualTo(1);
        assertThat(api.metric(warned) - warnedBefore).isEqualTo(2);
    }

    @Test
    void theReplyStreamOfAWarnedRequestStartsWithAQuotaEvent() {
        Member user = Member.ofAcme(api, Map.of("messagesPerHour", 1));
        String conversation = user.conversations().start("simulator", null);
        JsonNode posted = user.conversations().attempt(conversation, "only one this hour").body();

        try (Api.Stream stream = api.stream(posted.path("streamUrl").asText(), user.token(), null)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> stream.closed);
            Api.Event first = stream.events.getFirst();
            assertThat(first.name()).isEqualTo("quota");
            JsonNode warning = first.data().path("warnings").get(0);
            assertThat(warning.path("limit").asText()).isEqualTo("messages-per-hour");
            assertThat(warning.path("percent").asInt()).isEqualTo(100);
            assertThat(stream.terminal().name()).isEqualTo("completed");
        }
    }

    @Test
    void usageMeShowsWhatIsLeftAndAFailedOrCancelledReplyGivesBackItsReservation() {
        Member user = Member.ofAcme(api, Map.of("tokensPerDay", 100_000, "costPerMonth", 10));
        String simulated = user.conversations().start("simulator", null);
        String scripted = user.conversations().start("scripted", null);
        user.conversations().exchange(simulated, "a normal reply", null);
        user.conversations().awaitCharged(user.conversations().post(scripted, "[fail:500] broken upstream", null)
                .path("replyId").asText());
        JsonNode held = user.conversations().post(scripted, "[hold] cancel me", null);
        String heldReply = held.path("replyId").asText();

        JsonNode during = api.get("/api/v1/usage/me", user.token()).body();
        assertThat(during.path("periods").path("day").path("reservedTokens").asLong())
                .as("the held reply's reservation").isPositive();
        assertThat(api.post("/api/v1/replies/" + heldReply + "/cancel", user.token(), Map.of()).status())
                .isEqualTo(202);
        user.conversations().awaitCharged(heldReply);

        long recorded = jdbc.queryForObject("""
                select coalesce(sum((convert_from(payload, 'UTF8')::jsonb ->> 'promptTokens')::bigint
                                  + (convert_from(payload, 'UTF8')::jsonb ->> 'completionTokens')::bigint), 0)
                from domainevententry where payloadtype like '%.UsageRecorded'
                and convert_from(payload, 'UTF8')::jsonb ->> 'ownerId' = ?""", Long.class, user.id());
        JsonNode after = api.get("/api/v1/usage/me", user.token()).body();
        JsonNode day = after.path("periods").path("day");
        assertThat(day.path("reservedTokens").asLong()).isZero();
        assertThat(day.path("reservedCostUsd").isTextual()).as("money as a decimal string, never a float").isTrue();
        assertThat(new BigDecimal(day.path("reservedCostUsd").asText())).isZero();
        assertThat(day.path("costUsd").asText()).matches("\\d+\\.\\d+");
        assertThat(day.path("tokens").asLong()).isEqualTo(recorded).isPositive();
        assertThat(day.path("messages").asLong()).isEqualTo(3);
        JsonNode tokensPerDay = limit(after, "tokens-per-day");
        assertThat(tokensPerDay.path("value").asLong()).isEqualTo(100_000);
        assertThat(tokensPerDay.path("remaining").asLong()).isEqualTo(100_000 - recorded);
        assertThat(new BigDecimal(limit(after, "cost-per-month").path("value").asText())).isEqualByComparingTo("10");
        assertThat(after.path("warnings")).isEmpty();
    }

    /** Two members who each stay under their own quota still share their organisation's budget. */
    @Test
    void aTenantsBudgetHoldsForAllItsUsersTogether() {
        String root = api.login("root@colloquy.test");
        assertThat(api.post("/api/v1/admin/tenants", root, Map.of("tenantId", "hooli", "name", "Hooli",
                "plan", "pro")).status()).isEqualTo(201);
        assertThat(api.put("/api/v1/admin/tenants/hooli/budget", root, Map.of("messagesPerDay", 3)).status())
                .isEqualTo(200);
        List<Conversations> members = new ArrayList<>();
        for (String name : List.of("gavin", "dinesh")) {
            String username = name + "@hooli.test";
            assertThat(api.post("/api/v1/admin/tenants/hooli/users", root, Map.of("username", username,
                    "password", "colloquy-demo", "roles", List.of("member"))).status()).isEqualTo(201);
            members.add(new Conversations(api, api.login(username)));
        }
        Conversations gavin = members.get(0);
        Conversations dinesh = members.get(1);
        String gavinsChat = gavin.start("simulator", null);
        String dineshsChat = dinesh.start("simulator", null);
        gavin.exchange(gavinsChat, "one", null);
        gavin.exchange(gavinsChat, "two", null);
        Api.Response third = api.post("/api/v1/conversations/" + dineshsChat + "/messages", dinesh.token(),
                Map.of("content", "three"));
        assertThat(third.status()).isEqualTo(202);
        assertThat(third.header("X-Quota-Warning")).isEqualTo("tenant:messages-per-day=100%");
        dinesh.awaitCharged(third.body().path("replyId").asText());

        Api.Response fourth = api.post("/api/v1/conversations/" + dineshsChat + "/messages", dinesh.token(),
                Map.of("content", "four"));
        assertThat(fourth.status()).isEqualTo(429);
        assertThat(fourth.body().path("error").path("details").path("scope").asText()).isEqualTo("tenant");
        assertThat(fourth.body().path("error").path("details").path("limit").asText()).isEqualTo("messages-per-day");
        assertThat(messagesPosted(dineshsChat)).isEqualTo(1);
        assertThat(events("QuotaExceeded", Api.subject(dinesh.token()))).isEqualTo(1);
    }

    /**
     * A reservation whose node died is given back by the sweep; if its reply ends after all, the usage still
     * counts once, and nothing is given back twice.
     */
    @Test
    void anExpiredReservationIsGivenBackOnceAndALateSettlementStillCounts() {
        Member user = Member.ofAcme(api, Map.of("tokensPerDay", 100_000));
        String scripted = user.conversations().start("scripted", null);
        JsonNode held = user.conversations().post(scripted, "[hold] outlive the reservation", null);
        String replyId = held.path("replyId").asText();
        jdbc.update("update quota_reservation set expires_at = now() - interval '1 minute' where reply_id = ?",
                replyId);

        assertThat(reservations.releaseExpired()).isEqualTo(1);
        assertThat(reservations.releaseExpired()).as("given back once").isZero();
        JsonNode afterSweep = api.get("/api/v1/usage/me", user.token()).body().path("periods").path("day");
        assertThat(afterSweep.path("reservedTokens").asLong()).isZero();
        assertThat(afterSweep.path("tokens").asLong()).isZero();

        try (Api.Stream stream = api.stream(held.path("streamUrl").asText(), user.token(), null)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> stream.text().contains("part3"));
            OPENAI.release();
        }
        JsonNode reply = user.conversations().awaitCharged(replyId);
        JsonNode day = api.get("/api/v1/usage/me", user.token()).body().path("periods").path("day");
        assertThat(day.path("tokens").asLong()).isEqualTo(reply.path("usage").path("promptTokens").asLong()
                + reply.path("usage").path("completionTokens").asLong()).isPositive();
        assertThat(day.path("reservedTokens").asLong()).isZero();
    }

    private static JsonNode limit(JsonNode usage, String name) {
        for (JsonNode limit : usage.path("limits")) {
            if (name.equals(limit.path("limit").asText())) {
                return limit;
            }
        }
        throw new AssertionError("no limit " + name + " in " + usage);
    }

    /**
     * Fifty requests at once against a token quota that only a few of them fit: the reservations (estimated
     * prompt plus the whole output reserve) are taken one after another under the counter's row lock, so what
     * the replies really used never passes the limit by more than their prompts' estimation error, which is zero
     * for the simulator, whose reported prompt is the estimate.
     */
    @Test
    void fiftyConcurrentRequestsAtTheEdgeOfAHardLimitNeverPushUsageAboveIt() throws Exception {
        long limit = 1_000;
        Member user = Member.ofAcme(api, Map.of("tokensPerDay", limit));
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            conversations.add(user.conversations().start("tight", null));
        }
        List<Api.Response> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (String conversation : conversations) {
                futures.add(pool.submit(() -> user.conversations().attempt(conversation, "concurrent request")));
            }
            for (Future<Api.Response> future : futures) {
                responses.add(future.get());
            }
        }
        List<Api.Response> accepted = responses.stream().filter(r -> r.status() == 202).toList();
        List<Api.Response> refused = responses.stream().filter(r -> r.status() == 429).toList();
        assertThat(accepted.size() + refused.size()).isEqualTo(50);
        assertThat(refused).allSatisfy(r -> assertThat(r.errorCode()).isEqualTo("QUOTA_EXCEEDED"));
        assertThat(accepted).isNotEmpty();
        assertThat(refused).isNotEmpty();
        accepted.forEach(r -> user.conversations().awaitCharged(r.body().path("replyId").asText()));

        long used = jdbc.queryForObject("""
                select sum((convert_from(payload, 'UTF8')::jsonb ->> 'promptTokens')::bigint
                         + (convert_from(payload, 'UTF8')::jsonb ->> 'completionTokens')::bigint)
                from domainevententry where payloadtype like '%.UsageRecorded'
                and convert_from(payload, 'UTF8')::jsonb ->> 'ownerId' = ?""", Long.class, user.id());
        System.out.printf("quota edge: %d of 50 admitted, %d tokens recorded against a limit of %d%n",
                accepted.size(), used, limit);
        assertThat(used).isLessThanOrEqualTo(limit);
        assertThat(used).as("the quota was filled to near its edge").isGreaterThan(limit / 2);
        assertThat(jdbc.queryForObject("select count(*) from quota_reservation where user_id = ?", Long.class,
                user.id())).as("every reservation settled").isZero();
    }
}
