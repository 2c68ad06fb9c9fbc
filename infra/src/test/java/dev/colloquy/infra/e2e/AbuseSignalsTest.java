package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.colloquy.command.abuse.AbuseSweep;
import dev.colloquy.projections.abuse.AbuseSignalsProjection;
import dev.colloquy.projections.replay.ProjectionReplay;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Scripted traffic through the real API. Event time is scripted by swapping Axon's event clock (what the
 * events, hence the signals, are stamped with); the rate buckets and quotas keep the database's and the node's
 * own clocks. A bot posting the same text at a metronome's pace is flagged and restricted by its tenant's policy;
 * a person posting as many messages, different ones at irregular pauses, is not.
 */
class AbuseSignalsTest extends EndToEndTest {
    /** The bot reaches the regularity signal with its 21st message (20 intervals), not before. */
    private static final int MESSAGES = 21;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AbuseSweep sweep;
    @Autowired
    ProjectionReplay replay;

    private final ScriptedClock clock = new ScriptedClock();
    private Clock eventClock;

    @DynamicPropertySource
    static void abuse(DynamicPropertyRegistry registry) {
        registry.add("colloquy.abuse.sweep-interval", () -> "200ms");
        registry.add("colloquy.abuse.throttled-requests-per-minute", () -> "1");
    }

    @BeforeEach
    void scriptEventTime() {
        eventClock = GenericEventMessage.clock;
        GenericEventMessage.clock = clock;
    }

    @AfterEach
    void restoreEventTime() {
        GenericEventMessage.clock = eventClock;
    }

    @Test
    void aBotIsFlaggedAndThrottledWhileAPersonPostingAsMuchKeepsChatting() {
        String ada = api.login("ada@acme.test");
        assertThat(api.put("/api/v1/admin/abuse-policy", ada, Map.of("threshold", 60, "action", "throttle"))
                .body().path("action").asText()).isEqualTo("throttle");
        Member bot = Member.of(api, ada, "acme");
        Member human = Member.of(api, ada, "acme");
        String botChat = bot.conversations().start("simulator", null);
        String humanChat = human.conversations().start("simulator", null);
        double throttledBefore = api.metric("colloquy_abuse_restrictions_total{by=\"policy\",mode=\"throttled\"}");

        Instant start = Instant.now();
        Random pauses = new Random(42);
        Instant humanAt = start;
        for (int i = 0; i < MESSAGES; i++) {
            clock.set(start.plusSeconds(30L * i));
            bot.conversations().exchange(botChat, "Claim your prize at prize.example.test now!", null);
            // The same volume over the same time as the bot (30 s on average), at a person's uneven pace.
            humanAt = humanAt.plusSeconds(5 + pauses.nextInt(51));
            clock.set(humanAt);
            human.conversations().exchange(humanChat, "Question " + i + ": " + List.of("what about lunch?",
                    "how do I sort a list in Java?", "summarise this for me", "and in French?").get(i % 4), null);
        }

        JsonNode flagged = await().atMost(Duration.ofSeconds(30))
                .until(() -> api.abuseSignalsOf(ada, bot.id(), 60),
                        user -> user != null && "throttled".equals(user.path("restriction").path("mode").asText()));
        assertThat(flagged.path("score").asInt()).isGreaterThanOrEqualTo(60);
        assertThat(flagged.path("reasons").findValuesAsText("signal")).contains("regularity", "repetition");
        assertThat(flagged.path("counts").path("messages").asLong()).isEqualTo(MESSAGES);
        assertThat(flagged.path("restriction").path("reason").asText()).contains("regularity");
        assertThat(api.abuseSignalsOf(ada, human.id(), 0).path("score").asInt()).isLessThan(20);
        assertThat(api.abuseSignalsOf(ada, human.id(), 0).path("restriction").isNull()).isTrue();

        clock.set(start.plusSeconds(30L * MESSAGES));
        Api.Response allowed = bot.conversations().attempt(botChat, "one more");
        assertThat(allowed.status()).as("a throttled user keeps one request a minute").isEqualTo(202);
        bot.conversations().awaitEnded(allowed.body().path("replyId").asText());
        Api.Response throttled = bot.conversations().attempt(botChat, "and another");
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.errorCode()).isEqualTo("RATE_LIMITED");
        assertThat(throttled.body().path("error").path("details").path("throttled").asBoolean()).isTrue();
        assertThat(throttled.body().path("error").path("message").asText()).contains("throttled");
        assertThat(human.conversations().attempt(humanChat, "still here").status()).isEqualTo(202);
        assertThat(api.metric("colloquy_abuse_restrictions_total{by=\"policy\",mode=\"throttled\"}")
                - throttledBefore).isEqualTo(1);

        String globexAdmin = api.newUserOf("globex", "tenant-admin");
        assertThat(api.get("/api/v1/admin/abuse-signals?minScore=0", globexAdmin).body().path("users")).isEmpty();
        assertThat(api.get("/api/v1/admin/abuse-signals?tenantId=acme", globexAdmin).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/admin/users/" + bot.id() + "/reinstate", globexAdmin, null).status())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/admin/users/" + human.id() + "/suspend", globexAdmin, null).status())
                .isEqualTo(404);
        String root = api.login("root@colloquy.test");
        assertThat(api.get("/api/v1/admin/abuse-signals?minScore=60", root).body().path("users")
                .findValuesAsText("userId")).contains(bot.id()).doesNotContain(human.id());

        clock.set(start.plusSeconds(30L * MESSAGES + 60));
        assertThat(api.post("/api/v1/admin/users/" + bot.id() + "/reinstate", ada, null).status()).isEqualTo(200);
        clock.set(start.plusSeconds(30L * MESSAGES + 120));
        assertThat(bot.conversations().attempt(botChat, "back again").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.abuseSignalsOf(ada, bot.id(), 0),
                user -> user != null && user.path("restriction").isNull() && user.path("score").asInt() == 0);
        assertThat(sweep.sweep()).as("the old evidence no longer counts").isZero();
        assertThat(bot.conversations().attempt(botChat, "and chatting").status()).isEqualTo(202);
        // The rebuild is compared with the live rows, so those must include the last message first.
        await().atMost(Duration.ofSeconds(30)).until(() -> api.abuseSignalsOf(ada, bot.id(), 0),
                user -> user != null && user.path("counts").path("messages").asLong() == 2);

        String adaId = Api.subject(ada);
        assertThat(actors("UserRestricted", bot.id())).containsExactly(AbuseSweep.ACTOR);
        assertThat(actors("UserRestrictionLifted", bot.id())).containsExactly(adaId);

        rebuildingTheSignalsReproducesThemWithoutRestrictingAnyone(bot.id());
    }

    @Test
    void underASuspendPolicyTheBotIsRefusedWith403UntilReinstatedAndCanStillSignIn() {
        String root = api.login("root@colloquy.test");
        assertThat(api.post("/api/v1/admin/tenants", root, Map.of("tenantId", "initech", "name", "Initech",
                "plan", "pro")).status()).isEqualTo(201);
        String admin = api.newUserOf("initech", "tenant-admin");
        assertThat(api.put("/api/v1/admin/abuse-policy", admin, Map.of("threshold", 70, "action", "suspend"))
                .status()).isEqualTo(200);
        Member bot = Member.of(api, admin, "initech");
        String chat = bot.conversations().start("simulator", null);
        Instant start = Instant.now();
        for (int i = 0; i < MESSAGES - 1; i++) {
            clock.set(start.plusSeconds(10L * i));
            bot.conversations().exchange(chat, "ping", null);
        }
        // The last message crosses the threshold: the suspension may land before its reply could be read.
        clock.set(start.plusSeconds(10L * (MESSAGES - 1)));
        assertThat(bot.conversations().attempt(chat, "ping").status()).isEqualTo(202);

        Api.Response refused = await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/api/v1/conversations", bot.token()), r -> r.status() == 403);
        assertThat(refused.errorCode()).isEqualTo("ACCOUNT_SUSPENDED");
        assertThat(refused.body().path("error").path("message").asText()).contains("suspended");
        assertThat(refused.body().path("error").path("details").path("reason").asText()).contains("abuse score");
        String again = api.login(bot.username());
        assertThat(api.post("/api/v1/conversations/" + chat + "/messages", again, Map.of("content", "ping"))
                .errorCode()).as("signing in works, to learn why").isEqualTo("ACCOUNT_SUSPENDED");
        assertThat(api.get("/api/v1/privacy/export", again).status())
                .as("a suspended user keeps the right to their data").isEqualTo(200);

        assertThat(api.post("/api/v1/admin/users/" + bot.id() + "/reinstate", admin, null).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/conversations", bot.token()).status()).isEqualTo(200);

        assertThat(api.post("/api/v1/admin/users/" + bot.id() + "/suspend", admin, Map.of("reason", "by hand"))
                .status()).isEqualTo(200);
        Api.Response manual = api.get("/api/v1/conversations", bot.token());
        assertThat(manual.errorCode()).isEqualTo("ACCOUNT_SUSPENDED");
        assertThat(manual.body().path("error").path("details").path("reason").asText()).isEqualTo("by hand");
        assertThat(actors("UserRestricted", bot.id())).containsExactly(AbuseSweep.ACTOR, Api.subject(admin));
        assertThat(api.get("/api/v1/admin/abuse-policy", admin).body().path("threshold").asInt()).isEqualTo(70);
    }

    @Test
    void anAdminWhoScoresLikeABotIsListedButNeverRestrictedAutomatically() {
        String root = api.login("root@colloquy.test");
        assertThat(api.post("/api/v1/admin/tenants", root, Map.of("tenantId", "umbrella", "name", "Umbrella",
                "plan", "pro")).status()).isEqualTo(201);
        String admin = api.newUserOf("umbrella", "tenant-admin");
        assertThat(api.put("/api/v1/admin/abuse-policy", admin, Map.of("threshold", 50, "action", "suspend"))
                .status()).isEqualTo(200);
        Conversations chat = new Conversations(api, admin);
        String conversation = chat.start("simulator", null);
        Instant start = Instant.now();
        for (int i = 0; i < MESSAGES; i++) {
            clock.set(start.plusSeconds(10L * i));
            chat.exchange(conversation, "ping", null);
        }

        String adminId = Api.subject(admin);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.abuseSignalsOf(admin, adminId, 50), Objects::nonNull);
        sweep.sweep();

        assertThat(api.abuseSignalsOf(admin, adminId, 50).path("restriction").isNull()).isTrue();
        assertThat(actors("UserRestricted", adminId)).isEmpty();
        assertThat(api.get("/api/v1/conversations", admin).status()).isEqualTo(200);
    }

    @Test
    void aSuspendedAdminKeepsTheirOwnPrivacyRightsButNoPowerOverOthers() {
        String ada = api.login("ada@acme.test");
        String otherAdmin = api.newUserOf("acme", "tenant-admin");
        String otherAdminId = Api.subject(otherAdmin);
        Member member = Member.of(api, ada, "acme");
        assertThat(api.post("/api/v1/admin/users/" + otherAdminId + "/suspend", ada, Map.of("reason", "compromised"))
                .status()).isEqualTo(200);

        assertThat(api.get("/api/v1/admin/users", otherAdmin).errorCode()).isEqualTo("ACCOUNT_SUSPENDED");
        assertThat(api.get("/api/v1/privacy/export", otherAdmin).status()).isEqualTo(200);
        Api.Response erasingOthers = api.post("/api/v1/privacy/erasure", otherAdmin, Map.of("userId", member.id()));
        assertThat(erasingOthers.status()).as("no admin power while suspended").isEqualTo(403);
        assertThat(erasingOthers.errorCode()).isEqualTo("FORBIDDEN");
        assertThat(api.get("/api/v1/conversations", member.token()).status()).isEqualTo(200);
    }

    /** A reason's row follows the evidence: updated while it holds, gone once it lapsed, the rest untouched. */
    @Test
    void aReasonIsRewrittenAsItGrowsAndRemovedWhenItLapses() {
        String ada = api.login("ada@acme.test");
        Member member = Member.of(api, ada, "acme");
        String chat = member.conversations().start("simulator", null);
        Instant start = Instant.now();
        // A minute apart: no burst, too few for regularity; three copies make repetition, a fourth makes it grow.
        for (int i = 0; i < 4; i++) {
            clock.set(start.plusSeconds(60L * i));
            member.conversations().exchange(chat, "the very same words", null);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> reasonsOf(member.id()),
                reasons -> reasons.equals(List.of("repetition 20 4 identical messages within 10 min")));

        clock.set(start.plus(Duration.ofMinutes(30)));
        member.conversations().exchange(chat, "something else entirely", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.abuseSignalsOf(ada, member.id(), 0),
                user -> user != null && user.path("counts").path("messages").asLong() == 5);
        assertThat(reasonsOf(member.id())).as("the repetition lapsed 10 min after its last copy").isEmpty();
    }

    private List<String> reasonsOf(String userId) {
        return jdbc.queryForList("select signal || ' ' || points || ' ' || detail from abuse_reason where user_id = ?"
                + " order by signal", String.class, userId);
    }

    private void rebuildingTheSignalsReproducesThemWithoutRestrictingAnyone(String botId) {
        List<String> before = signalRows();
        long restrictions = actors("UserRestricted", botId).size();
        replay.rebuild(AbuseSignalsProjection.GROUP);
        await().atMost(Duration.ofSeconds(60)).until(() -> replay.caughtUp(AbuseSignalsProjection.GROUP)
                && signalRows().equals(before));
        assertThat(sweep.sweep()).isZero();
        assertThat(actors("UserRestricted", botId)).hasSize((int) restrictions);
    }

    private List<String> signalRows() {
        List<String> rows = new ArrayList<>(jdbc.queryForList(
                "select row_to_json(s)::text from abuse_signal s order by user_id", String.class));
        rows.addAll(jdbc.queryForList(
                "select row_to_json(r)::text from abuse_reason r order by user_id, signal", String.class));
        return rows;
    }

    private List<String> actors(String eventType, String userId) {
        return jdbc.queryForList("""
                select convert_from(metadata, 'UTF8')::jsonb ->> 'actor' from domainevententry
                where payloadtype like ? and aggregateidentifier = ? order by globalindex""",
                String.class, "%." + eventType, userId);
    }

    /** Event time as the script says; starts at the real time. */
    private static final class ScriptedClock extends Clock {
        private volatile Instant now = Instant.now();

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
