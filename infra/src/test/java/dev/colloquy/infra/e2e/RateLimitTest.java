package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.colloquy.command.ratelimit.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rate limits held by two application instances on one database, as a load balancer would spread a client's
 * requests over them. Here the free plan (gus@globex.test, guest@acme.test) has small request limits, the
 * pro plan (alice@acme.test) one reply in progress, the enterprise plan a small token budget.
 */
class RateLimitTest {
    private static final int REQUESTS_PER_MINUTE = 6;
    private static final int TENANT_REQUESTS_PER_MINUTE = 8;
    private static final FakeOpenAi OPENAI = FakeOpenAi.start();
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void bootTwoNodes() {
        first = boot(true, "rate-test-a");
        second = boot(false, "rate-test-b");
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
        OPENAI.close();
    }

    @Test
    void twoNodesTogetherAllowExactlyTheLimit() throws Exception {
        Api a = api(first);
        String token = a.login("gus@globex.test");
        // One conversation per request, so that no request waits for, or conflicts with, another's reply.
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < 4 * REQUESTS_PER_MINUTE; i++) {
            conversations.add(new Conversations(a, token).start("simulator", null));
        }
        List<Post> posts = conversations.stream().map(c -> new Post(token, c, "spread over two nodes")).toList();
        Burst burst = sendAtOnce(posts);
        long admitted = assertExactlyTheLimitAdmitted(burst, REQUESTS_PER_MINUTE);
        List<Api.Response> responses = burst.responses();
        String series = "colloquy_rate_limited_total{limit=\"user-requests-per-minute\"}";
        assertThat(api(first).metric(series) + api(second).metric(series)).as("counted on the node that refused")
                .isEqualTo(responses.size() - admitted);
        assertThat(responses).filteredOn(r -> r.status() != 202).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.errorCode()).isEqualTo("RATE_LIMITED");
            assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(1L, 60L);
            assertThat(r.header("X-RateLimit-Limit")).isEqualTo(Integer.toString(REQUESTS_PER_MINUTE));
            assertThat(r.header("X-RateLimit-Remaining")).isEqualTo("0");
        });
        JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
        String gus = Api.subject(token);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("""
                select count(*) from domainevententry where payloadtype like '%.RateLimitExceeded'
                and aggregateidentifier = ?""", Long.class, gus) >= 1);
        assertThat(jdbc.queryForObject("""
                select count(*) from domainevententry where payloadtype like '%.RateLimitExceeded'
                and aggregateidentifier = ?""", Long.class, gus))
                .as("at most one record per node and minute, however many were refused").isLessThanOrEqualTo(2);
    }

    /** Three members who each stay under their own limit still share their tenant's. */
    @Test
    void theMembersOfATenantShareItsLimit() throws Exception {
        Api a = api(first);
        String root = a.login("root@colloquy.test");
        assertThat(a.post("/api/v1/admin/tenants", root, Map.of("tenantId", "umbrella", "name", "Umbrella",
                "plan", "free")).status()).isEqualTo(201);
        List<String> tokens = new ArrayList<>();
        for (String name : List.of("ann", "ben", "cat")) {
            String username = name + "@umbrella.test";
            assertThat(a.post("/api/v1/admin/tenants/umbrella/users", root, Map.of("username", username,
                    "password", "colloquy-demo", "roles", List.of("member"))).status()).isEqualTo(201);
            tokens.add(a.login(username));
        }
        List<Post> posts = new ArrayList<>();
        for (String token : tokens) {
            for (int i = 0; i < REQUESTS_PER_MINUTE - 2; i++) {
                posts.add(new Post(token, new Conversations(a, token).start("simulator", null), "a team at work"));
            }
        }
        Burst burst = sendAtOnce(posts);
        assertExactlyTheLimitAdmitted(burst, TENANT_REQUESTS_PER_MINUTE);
        List<Api.Response> responses = burst.responses();
        assertThat(responses).filteredOn(r -> r.status() != 202).isNotEmpty().allSatisfy(r ->
                assertThat(r.body().path("error").path("details").path("limit").asText())
                        .isEqualTo("tenant-requests-per-minute"));
    }

    @Test
    void admittedRequestsCarryTheRateLimitHeaders() {
        Api a = api(first);
        String token = a.login("guest@acme.test");
        String conversation = new Conversations(a, token).start("simulator", null);
        Api.Response response = a.post("/api/v1/conversations/" + conversation + "/messages", token,
                Map.of("content", "hello"));

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.header("X-RateLimit-Limit")).isEqualTo(Integer.toString(REQUESTS_PER_MINUTE));
        assertThat(Integer.parseInt(response.header("X-RateLimit-Remaining"))).isBetween(0, REQUESTS_PER_MINUTE - 1);
        assertThat(Long.parseLong(response.header("X-RateLimit-Reset")))
                .isGreaterThanOrEqualTo(System.currentTimeMillis() / 1000 - 1);
    }

    /**
     * Tokens per minute are charged with what the reply really used, after it ended: one reply of the
     * simulator (a few dozen tokens) overdraws the enterprise plan's budget of 10 tokens a minute (here), and
     * the next request waits.
     */
    @Test
    void tokensPerMinuteAreChargedFromTheRealUsageAfterTheCall() {
        Api b = api(second);
        String root = b.login("root@colloquy.test");
        assertThat(b.post("/api/v1/admin/tenants", root, Map.of("tenantId", "initech", "name", "Initech",
                "plan", "enterprise")).status()).isEqualTo(201);
        assertThat(b.post("/api/v1/admin/tenants/initech/users", root, Map.of("username", "lee@initech.test",
                "password", "colloquy-demo", "roles", List.of("member"))).status()).isEqualTo(201);
        String token = b.login("lee@initech.test");
        Conversations lee = new Conversations(b, token);
        String conversation = lee.start("simulator", null);
        lee.awaitCharged(lee.post(conversation, "use some tokens", null).path("replyId").asText());

        Api.Response next = b.post("/api/v1/conversations/" + conversation + "/messages", token,
                Map.of("content", "and again"));
        assertThat(next.status()).isEqualTo(429);
        assertThat(next.body().path("error").path("details").path("limit").asText())
                .isEqualTo("user-tokens-per-minute");
    }

    /**
     * Pro users may have one reply in progress here; the limit holds on both nodes and frees when it ends. A
     * refusal for it spends none of the four requests a minute they have here: after three refusals the next
     * message still has two left.
     */
    @Test
    void aUserWithAReplyInProgressWaitsForItWhenThePlanAllowsOne() {
        Api a = api(first);
        Api b = api(second);
        String token = a.login("alice@acme.test");
        Conversations alice = new Conversations(a, token);
        String held = alice.start("scripted", null);
        String other = alice.start("simulator", null);
        JsonNode inProgress = alice.post(held, "[hold] take your time", null);

        for (int i = 0; i < 3; i++) {
            Api.Response refused = b.post("/api/v1/conversations/" + other + "/messages", token,
                    Map.of("content", "meanwhile"));
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.errorCode()).isEqualTo("RATE_LIMITED");
            assertThat(refused.body().path("error").path("details").path("limit").asText())
                    .isEqualTo("concurrent-streams");
        }

        try (Api.Stream stream = a.stream(inProgress.path("streamUrl").asText(), token, null)) {
            // Released only once the fake model holds the reply; a release before that would not reach it.
            await().atMost(Duration.ofSeconds(30)).until(() -> stream.text().contains("part3"));
            OPENAI.release();
            // A client that read the stream to its end posts again at once, before the usage is recorded.
            await().atMost(Duration.ofSeconds(30)).until(() -> stream.terminal() != null);
        }
        Api.Response now = b.post("/api/v1/conversations/" + other + "/messages", token, Map.of("content", "now"));
        assertThat(now.status()).isEqualTo(202);
        assertThat(Integer.parseInt(now.header("X-RateLimit-Remaining"))).isGreaterThanOrEqualTo(2);
    }

    /** Only buckets idle long enough and full again are dropped, so dropping them changes nothing. */
    @Test
    void bucketsIdleLongEnoughToBeFullAreDropped() {
        JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
        jdbc.update("""
                insert into rate_bucket (id, tokens, capacity, refill_per_second, refilled_at) values
                ('sign-in:192.0.2.1', -5, 5, 5 / 60.0, clock_timestamp() - interval '16 minutes'),
                ('sign-in:192.0.2.2', 5, 5, 5 / 60.0, clock_timestamp() - interval '5 minutes'),
                ('user:deep-in-debt:tokens', -100000, 10, 10 / 60.0, clock_timestamp() - interval '16 minutes')""");

        first.getBean(RateLimiter.class).forgetFullBuckets(Duration.ofMinutes(15));

        assertThat(jdbc.queryForList("select id from rate_bucket where id in ('sign-in:192.0.2.1', "
                + "'sign-in:192.0.2.2', 'user:deep-in-debt:tokens') order by id", String.class))
                .as("the recently used one and the one still in debt stay")
                .containsExactly("sign-in:192.0.2.2", "user:deep-in-debt:tokens");
    }

    private record Post(String token, String conversation, String content) {
    }

    /** The responses, and how long the burst took by the database's clock (the one the buckets refill by). */
    private record Burst(List<Api.Response> responses, double seconds) {
    }

    /**
     * Exactly {@code perMinute} admitted, plus what refilled meanwhile: the bucket refills continuously
     * (perMinute/60 a second), so a slow burst may admit a little more. Answers how many were admitted.
     */
    private static long assertExactlyTheLimitAdmitted(Burst burst, int perMinute) {
        long admitted = burst.responses().stream().filter(r -> r.status() == 202).count();
        long refilled = (long) Math.floor(burst.seconds() * perMinute / 60.0);
        assertThat(admitted).isBetween((long) perMinute, perMinute + refilled);
        return admitted;
    }

    /** All at once, alternating between the two nodes as a load balancer would. */
    private static Burst sendAtOnce(List<Post> posts) throws Exception {
        double started = databaseSeconds();
        Api a = api(first);
        Api b = api(second);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (int i = 0; i < posts.size(); i++) {
                Api node = i % 2 == 0 ? a : b;
                Post post = posts.get(i);
                futures.add(pool.submit(() -> node.post("/api/v1/conversations/" + post.conversation() + "/messages",
                        post.token(), Map.of("content", post.content()))));
            }
            List<Api.Response> responses = new ArrayList<>();
            for (Future<Api.Response> future : futures) {
                responses.add(future.get());
            }
            return new Burst(responses, databaseSeconds() - started);
        }
    }

    private static double databaseSeconds() {
        return first.getBean(JdbcTemplate.class).queryForObject("select extract(epoch from clock_timestamp())",
                Double.class);
    }

    private static ConfigurableApplicationContext boot(boolean cleanDatabase, String nodeId) {
        return TestNode.boot(cleanDatabase, OPENAI, Map.of(
                "colloquy.plans.definitions.free.rate-limits.requests-per-minute", REQUESTS_PER_MINUTE,
                "colloquy.plans.definitions.free.rate-limits.tenant-requests-per-minute", TENANT_REQUESTS_PER_MINUTE,
                "colloquy.plans.definitions.enterprise.rate-limits.tokens-per-minute", 10,
                "colloquy.plans.definitions.pro.rate-limits.concurrent-streams", 1,
                "colloquy.plans.definitions.pro.rate-limits.requests-per-minute", 4,
                "colloquy.node-id", nodeId));
    }

    private static Api api(ConfigurableApplicationContext node) {
        return TestNode.api(node);
    }
}
