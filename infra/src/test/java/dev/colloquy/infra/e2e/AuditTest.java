package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.colloquy.kernel.audit.AuditTrailRead;
import dev.colloquy.projections.audit.AuditAccessProjection;
import dev.colloquy.projections.replay.ProjectionReplay;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit trail as an auditor uses it: every stored event with its hash chain, verification that names the
 * first event altered or deleted behind the application's back, the conversation as it was at any point, and a
 * record of every one of these reads.
 */
class AuditTest extends EndToEndTest {
    private static final String AUDIT = "/api/v1/audit/conversations/";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProjectionReplay replay;

    String audrey;

    @BeforeEach
    void signInAuditor() {
        audrey = api.login("audrey@acme.test");
    }

    @Test
    void everyEventIsListedInOrderWithItsActorTraceAndAChainedHash() {
        String id = asAlice.start("simulator", null);
        Api.Response posted = api.post("/api/v1/conversations/" + id + "/messages", alice,
                Map.of("content", "what is on record?"));
        asAlice.awaitCharged(posted.body().path("replyId").asText());

        JsonNode events = auditEvents(id);

        assertThat(types(events)).containsExactly("DialogueStarted", "MessagePosted", "ReplyRequested",
                "ReplyStarted", "ReplyCompleted", "UsageRecorded");
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            assertThat(event.path("sequence").asLong()).isEqualTo(i);
            assertThat(event.path("hash").asText()).hasSize(64);
            if (i == 0) {
                assertThat(event.path("prevHash").isNull()).isTrue();
            } else {
                assertThat(event.path("prevHash").asText()).isEqualTo(events.get(i - 1).path("hash").asText());
            }
        }
        JsonNode message = events.get(1);
        assertThat(message.path("payload").path("content").asText()).isEqualTo("what is on record?");
        assertThat(message.path("actor").asText()).isEqualTo(Api.subject(alice));
        assertThat(message.path("tenant").asText()).isEqualTo("acme");
        assertThat(message.path("traceId").asText()).isEqualTo(posted.header("X-Trace-Id"));
        assertThat(message.path("revision").asText()).isEqualTo("2");
        assertThat(Instant.parse(message.path("timestamp").asText())).isBefore(Instant.now());

        assertThat(verify(id)).isEqualTo(Map.of("valid", true, "events", 6, "firstBrokenSeq", "null"));
    }

    /** The canonical form ADR 0007 documents is the one the database hashes: anyone can check a chain. */
    @Test
    void theDocumentedCanonicalFormReproducesEveryStoredHash() throws Exception {
        String id = asAlice.start("simulator", "be brief");
        asAlice.awaitCharged(asAlice.post(id, "hash me", null).path("replyId").asText());

        List<Map<String, Object>> rows = jdbc.queryForList("""
                select eventidentifier, aggregateidentifier, sequencenumber, type, payloadtype, payloadrevision,
                       timestamp, metadata, payload, prev_hash, hash
                from domainevententry where aggregateidentifier = ? order by sequencenumber""", id);

        assertThat(rows).hasSize(6);
        byte[] previous = null;
        for (Map<String, Object> row : rows) {
            assertThat((byte[]) row.get("prev_hash")).isEqualTo(previous);
            byte[] expected = canonicalHash(previous, row);
            assertThat(HexFormat.of().formatHex((byte[]) row.get("hash")))
                    .isEqualTo(HexFormat.of().formatHex(expected));
            previous = expected;
        }
        assertThat(jdbc.queryForObject("select last_hash from event_chain_head where aggregateidentifier = ?",
                byte[].class, id)).isEqualTo(previous);
    }

    @Test
    void alteringAStoredEventsPayloadMetadataOrTimeIsNamedByItsSequenceNumber() {
        String payload = quietConversation("a sentence nobody should change");
        String metadata = quietConversation("metadata");
        String time = quietConversation("time");

        // The text itself is encrypted at rest (ADR 0008); the injection score beside it is not.
        jdbc.update("""
                update domainevententry
                set payload = convert_to(replace(convert_from(payload, 'UTF8'), '"injectionScore":0',
                                                 '"injectionScore":99'), 'UTF8')
                where aggregateidentifier = ? and sequencenumber = 1""", payload);
        jdbc.update("""
                update domainevententry set metadata = convert_to(replace(convert_from(metadata, 'UTF8'), 'acme',
                                                                          'globex'), 'UTF8')
                where aggregateidentifier = ? and sequencenumber = 2""", metadata);
        jdbc.update("""
                update domainevententry set timestamp = '2020-01-01T00:00:00.000Z'
                where aggregateidentifier = ? and sequencenumber = 4""", time);

        assertThat(auditEvents(payload).get(1).path("payload").path("injectionScore").asInt())
                .as("the listing shows what is stored now").isEqualTo(99);
        assertThat(verify(payload)).isEqualTo(Map.of("valid", false, "events", 6, "firstBrokenSeq", "1",
                "problem", "altered"));
        assertThat(verify(metadata)).isEqualTo(Map.of("valid", false, "events", 6, "firstBrokenSeq", "2",
                "problem", "altered"));
        assertThat(verify(time)).isEqualTo(Map.of("valid", false, "events", 6, "firstBrokenSeq", "4",
                "problem", "altered"));
    }

    @Test
    void deletingAMiddleEventIsNamedByItsSequenceNumber() {
        String id = quietConversation("delete one in the middle");

        jdbc.update("delete from domainevententry where aggregateidentifier = ? and sequencenumber = 2", id);

        assertThat(verify(id)).isEqualTo(Map.of("valid", false, "events", 5, "firstBrokenSeq", "2",
                "problem", "missing"));
    }

    /** The tenant check falls back to the next event, so the conversation stays auditable and the gap is named. */
    @Test
    void deletingTheFirstEventIsNamedByItsSequenceNumber() {
        String id = quietConversation("delete the beginning");

        jdbc.update("delete from domainevententry where aggregateidentifier = ? and sequencenumber = 0", id);

        assertThat(verify(id)).isEqualTo(Map.of("valid", false, "events", 5, "firstBrokenSeq", "0",
                "problem", "missing"));
        assertThat(api.get(AUDIT + id + "/verify", globexAuditor()).status()).isEqualTo(404);
    }

    @Test
    void deletingTheNewestEventIsDetectedByTheChainHead() {
        String id = quietConversation("delete the newest");

        jdbc.update("delete from domainevententry where aggregateidentifier = ? and sequencenumber = 5", id);

        assertThat(verify(id)).isEqualTo(Map.of("valid", false, "events", 5, "firstBrokenSeq", "5",
                "problem", "missing"));
    }

    @Test
    void anEventDamagedBeyondReadingIsListedAsUnreadableAndNamedByVerify() {
        String id = quietConversation("damage me");
        jdbc.update("""
                update domainevententry set payload = convert_to('{"conversationId": "cut off', 'UTF8')
                where aggregateidentifier = ? and sequencenumber = 1""", id);

        JsonNode events = auditEvents(id);
        assertThat(events.get(1).path("payload").path("unreadable").asBoolean()).isTrue();
        assertThat(events.get(1).path("hash").asText()).isNotEmpty();
        assertThat(events.get(0).path("payload").path("conversationId").asText()).isEqualTo(id);
        Api.Response past = api.get(AUDIT + id + "/state?atSeq=1", audrey);
        assertThat(past.status()).isEqualTo(409);
        assertThat(past.body().path("error").path("details").path("sequence").asInt()).isEqualTo(1);
        assertThat(state(id, "atSeq=0").path("conversation").path("id").asText()).isEqualTo(id);
        assertThat(verify(id)).isEqualTo(Map.of("valid", false, "events", 6, "firstBrokenSeq", "1",
                "problem", "altered"));
    }

    /** An attacker who recomputes the altered event's own hash still breaks the link of the event after it. */
    @Test
    void rehashingAnAlteredEventBreaksTheNextLink() {
        String id = quietConversation("rehash me");

        jdbc.update("""
                update domainevententry
                set payload = convert_to(replace(convert_from(payload, 'UTF8'), '"injectionScore":0',
                                                 '"injectionScore":99'), 'UTF8')
                where aggregateidentifier = ? and sequencenumber = 1""", id);
        jdbc.update("""
                update domainevententry set hash = event_chain_hash(prev_hash, eventidentifier, aggregateidentifier,
                    sequencenumber, type, payloadtype, payloadrevision, timestamp, metadata, payload)
                where aggregateidentifier = ? and sequencenumber = 1""", id);

        assertThat(verify(id)).isEqualTo(Map.of("valid", false, "events", 6, "firstBrokenSeq", "2",
                "problem", "unlinked"));
    }

    /** Databases created before the chain existed are chained by the migration exactly as the trigger would. */
    @Test
    void theBackfillChainsUnchainedEventsExactlyAsTheTriggerDoes() {
        String id = quietConversation("backfill me");
        List<Map<String, Object>> chained = links(id);
        jdbc.update("delete from event_chain_head where aggregateidentifier = ?", id);
        jdbc.update("update domainevententry set prev_hash = null, hash = '\\x00' where aggregateidentifier = ?", id);
        assertThat(verify(id).get("valid")).isEqualTo(false);

        Long backfilled = jdbc.queryForObject("select event_chain_backfill()", Long.class);

        assertThat(backfilled).isEqualTo(6);
        assertThat(links(id).toString()).isEqualTo(chained.toString());
        assertThat(verify(id)).isEqualTo(Map.of("valid", true, "events", 6, "firstBrokenSeq", "null"));
    }

    @Test
    void theStateAtAnyPointIsTheConversationAsItWasThen() {
        String id = asAlice.start("simulator", "you are terse");
        JsonNode first = asAlice.awaitCharged(asAlice.post(id, "first", null).path("replyId").asText());
        asAlice.awaitCharged(asAlice.post(id, "second", null).path("replyId").asText());
        assertThat(api.patch("/api/v1/conversations/" + id, alice, Map.of("title", "Renamed")).status())
                .isEqualTo(200);
        asAlice.awaitCharged(asAlice.post(id, "a branch", first.path("id").asText()).path("replyId").asText());
        JsonNode events = auditEvents(id);
        long last = events.get(events.size() - 1).path("sequence").asLong();

        JsonNode now = state(id, "atSeq=" + last);
        assertThat(now.path("conversation")).isEqualTo(asAlice.tree(id));
        assertThat(now.path("sequence").asLong()).isEqualTo(last);
        assertThat(now.path("deleted").asBoolean()).isFalse();

        long started = sequenceOf(events, "ReplyStarted", 0);
        JsonNode streaming = state(id, "atSeq=" + started);
        assertThat(streaming.path("conversation").path("messages")).hasSize(2);
        JsonNode reply = Conversations.message(streaming.path("conversation"), first.path("id").asText());
        assertThat(reply.path("status").asText()).isEqualTo("streaming");
        assertThat(reply.path("content").asText()).isEmpty();

        long renamed = sequenceOf(events, "DialogueRenamed", 0);
        assertThat(state(id, "atSeq=" + (renamed - 1)).path("conversation").path("title").isNull()).isTrue();
        assertThat(state(id, "atSeq=" + renamed).path("conversation").path("title").asText()).isEqualTo("Renamed");
        JsonNode beforeBranch = state(id, "atSeq=" + (sequenceOf(events, "MessagePosted", 2) - 1));
        assertThat(beforeBranch.path("conversation").path("messages")).hasSize(4);
        assertThat(now.path("conversation").path("messages")).hasSize(6);

        String requestedAt = events.get((int) sequenceOf(events, "ReplyRequested", 1)).path("timestamp").asText();
        long latestByThen = 0;
        for (JsonNode event : events) {
            if (!Instant.parse(event.path("timestamp").asText()).isAfter(Instant.parse(requestedAt))) {
                latestByThen = event.path("sequence").asLong();
            }
        }
        assertThat(state(id, "asOf=" + requestedAt).path("sequence").asLong()).isEqualTo(latestByThen);

        Api.Response beforeAnything = api.get(AUDIT + id + "/state?asOf=2000-01-01T00:00:00Z", audrey);
        assertThat(beforeAnything.status()).isEqualTo(404);
        assertThat(beforeAnything.errorCode()).isEqualTo("NOT_FOUND");
    }

    @Test
    void aForkedAndThenDeletedConversationIsRebuiltToo() {
        String source = asAlice.start("simulator", null);
        JsonNode reply = asAlice.awaitCharged(asAlice.post(source, "fork after me", null).path("replyId").asText());
        String fork = api.post("/api/v1/conversations/" + source + "/fork", alice,
                Map.of("messageId", reply.path("id").asText())).body().path("id").asText();
        asAlice.awaitCharged(asAlice.post(fork, "in the fork", null).path("replyId").asText());
        JsonNode live = asAlice.tree(fork);

        assertThat(api.delete("/api/v1/conversations/" + fork, alice).status()).isEqualTo(204);
        JsonNode events = auditEvents(fork);
        long last = events.get(events.size() - 1).path("sequence").asLong();

        JsonNode deleted = state(fork, "atSeq=" + last);
        assertThat(deleted.path("deleted").asBoolean()).isTrue();
        assertThat(deleted.path("conversation")).isEqualTo(live);
        assertThat(state(fork, "atSeq=" + (last - 1)).path("deleted").asBoolean()).isFalse();
        assertThat(live.path("forkedFrom").path("conversationId").asText()).isEqualTo(source);
    }

    @Test
    void aPointInTimeIsExactlyOneValidAsOfOrAtSeq() {
        String id = asAlice.start("simulator", null);
        for (String query : List.of("", "?asOf=2026-01-01T00:00:00Z&atSeq=1", "?atSeq=-1", "?atSeq=two",
                "?asOf=yesterday", "?asOf=2026-01-01T00:00:00")) {
            Api.Response response = api.get(AUDIT + id + "/state" + query, audrey);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.errorCode()).as(query).isEqualTo("VALIDATION_ERROR");
        }
        assertThat(api.get(AUDIT + id + "/state?atSeq=0", audrey).status()).isEqualTo(200);
        assertThat(api.get(AUDIT + id + "/state?asOf=2999-01-01T00:00:00%2B02:00", audrey).status()).isEqualTo(200);
    }

    @Test
    void onlyAuditorsAndTenantAdminsOfTheConversationsTenantSeeItsTrail() {
        String acme = asAlice.start("simulator", null);
        String gus = api.login("gus@globex.test");
        String globex = new Conversations(api, gus).start("simulator", null);
        String ada = api.login("ada@acme.test");

        for (String view : List.of("/events", "/verify", "/state?atSeq=0")) {
            assertThat(api.get(AUDIT + acme + view, audrey).status()).as(view).isEqualTo(200);
            assertThat(api.get(AUDIT + acme + view, ada).status()).as(view).isEqualTo(200);
            assertThat(api.get(AUDIT + globex + view, audrey).status()).as(view).isEqualTo(404);
            assertThat(api.get(AUDIT + globex + view, ada).status()).as(view).isEqualTo(404);
            assertThat(api.get(AUDIT + "00000000-0000-0000-0000-000000000001" + view, audrey).status()).isEqualTo(404);
            assertThat(api.get(AUDIT + acme + view, alice).status()).as(view).isEqualTo(403);
            assertThat(api.get(AUDIT + globex + view, gus).status()).as(view).isEqualTo(403);
        }
        assertThat(api.get(AUDIT + "not-a-uuid/events", audrey).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/audit/accesses", alice).status()).isEqualTo(403);
    }

    /**
     * An auditor finds conversations without knowing their ids: the tenant's own only, deleted ones too (the chat no
     * longer lists them), narrowed by owner and title; the search itself is a recorded audit read.
     */
    @Test
    void anAuditorFindsTheTenantsConversationsDeletedOnesIncludedByOwnerAndTitle() {
        String marker = "ledger-" + UUID.randomUUID().toString().substring(0, 8);
        String kept = asAlice.start("simulator", null);
        assertThat(api.patch("/api/v1/conversations/" + kept, alice, Map.of("title", marker + " kept")).status())
                .isEqualTo(200);
        String deleted = asAlice.start("simulator", null);
        api.patch("/api/v1/conversations/" + deleted, alice, Map.of("title", marker + " deleted"));
        assertThat(api.delete("/api/v1/conversations/" + deleted, alice).status()).isEqualTo(204);
        String ada = api.login("ada@acme.test");
        String adas = new Conversations(api, ada).start("simulator", null);
        api.patch("/api/v1/conversations/" + adas, ada, Map.of("title", marker + " ada"));
        String gus = api.login("gus@globex.test");
        String foreign = new Conversations(api, gus).start("simulator", null);
        api.patch("/api/v1/conversations/" + foreign, gus, Map.of("title", marker + " globex"));
        int recorded = recordedReads();

        JsonNode found = api.get("/api/v1/audit/conversations?q=" + marker, audrey).body();
        assertThat(found.path("total").asLong()).isEqualTo(3);
        assertThat(found.path("items").findValuesAsText("id")).as("newest activity first")
                .containsExactly(adas, deleted, kept);
        assertThat(found.path("items").findValuesAsText("deleted")).containsExactly("false", "true", "false");

        JsonNode alices = api.get("/api/v1/audit/conversations?q=" + marker + "&ownerId=" + Api.subject(alice), ada)
                .body();
        assertThat(alices.path("items").findValuesAsText("id")).containsExactlyInAnyOrder(kept, deleted);
        assertThat(alices.path("items").findValuesAsText("ownerId")).containsOnly(Api.subject(alice));
        JsonNode page = api.get("/api/v1/audit/conversations?q=" + marker + "&limit=1&offset=1", audrey).body();
        assertThat(page.path("items").findValuesAsText("id")).containsExactly(deleted);
        assertThat(page.path("total").asLong()).isEqualTo(3);
        // % and _ in q are matched as themselves, not as wildcards.
        assertThat(api.get("/api/v1/audit/conversations?q=" + marker + "%25", audrey).body().path("total").asLong())
                .isZero();
        assertThat(api.get("/api/v1/audit/conversations?q=" + marker.replace('-', '_'), audrey).body().path("total")
                .asLong()).isZero();
        assertThat(api.get("/api/v1/audit/conversations?q=" + marker, globexAuditor()).body().path("items")
                .findValuesAsText("id")).containsExactly(foreign);

        assertThat(api.get("/api/v1/audit/conversations?ownerId=nope", audrey).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/audit/conversations?limit=0", audrey).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/audit/conversations?q=" + "x".repeat(201), audrey).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/audit/conversations", alice).status()).isEqualTo(403);
        assertThat(recordedReads()).as("six answered searches, each recorded; refused ones are not")
                .isEqualTo(recorded + 6);
    }

    /** Another tenant's conversation is not found in the access log either, and the refused read is not recorded. */
    @Test
    void theAccessLogOfAnotherTenantsConversationIsNotFound() {
        String foreign = new Conversations(api, api.login("gus@globex.test")).start("simulator", null);
        String own = asAlice.start("simulator", null);
        int recorded = recordedReads();

        for (String conversation : List.of(foreign, "00000000-0000-0000-0000-000000000001")) {
            Api.Response refused = api.get("/api/v1/audit/accesses?conversationId=" + conversation, audrey);
            assertThat(refused.status()).as(conversation).isEqualTo(404);
            assertThat(refused.errorCode()).isEqualTo("NOT_FOUND");
        }

        assertThat(recordedReads()).as("a refused read is not recorded").isEqualTo(recorded);
        assertThat(api.get("/api/v1/audit/accesses?conversationId=" + own, audrey).status()).isEqualTo(200);
        assertThat(recordedReads()).isEqualTo(recorded + 1);
    }

    /**
     * The tenant check reads the conversation's own events, so a conversations read model that is being rebuilt
     * or lags behind hides nothing from its audit (and lets no other tenant in).
     */
    @Test
    void theTrailDoesNotDependOnTheConversationsReadModel() {
        String id = quietConversation("audited while the read model is rebuilt");
        jdbc.update("delete from conversation_view where id = ?", id);
        assertThat(api.get("/api/v1/conversations/" + id, alice).status()).isEqualTo(404);

        assertThat(types(auditEvents(id))).hasSize(6).startsWith("DialogueStarted");
        assertThat(verify(id)).isEqualTo(Map.of("valid", true, "events", 6, "firstBrokenSeq", "null"));
        assertThat(state(id, "atSeq=5").path("conversation").path("messages")).hasSize(2);
        String gina = globexAuditor();
        for (String view : List.of("/events", "/verify", "/state?atSeq=0")) {
            assertThat(api.get(AUDIT + id + view, gina).status()).as(view).isEqualTo(404);
        }
        assertThat(api.get("/api/v1/audit/accesses?conversationId=" + id, gina).status()).isEqualTo(404);
    }

    /** Only conversations have an audit trail here: another aggregate of the tenant (a user account) is not found. */
    @Test
    void anAggregateThatIsNotAConversationIsNotFound() {
        String aliceId = Api.subject(alice);
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ?",
                Integer.class, aliceId)).isPositive();

        for (String view : List.of("/events", "/verify", "/state?atSeq=0")) {
            assertThat(api.get(AUDIT + aliceId + view, audrey).status()).as(view).isEqualTo(404);
        }
    }

    /**
     * Events appended while an auditor reads never make a valid chain look broken: the rows and the chain head
     * are read in one snapshot, and every listed event carries its link.
     */
    @Test
    void aConversationThatGrowsWhileItIsVerifiedIsAlwaysValid() throws Exception {
        String id = asAlice.start("simulator", null);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger renamed = new AtomicInteger();
        Api writer = new Api(port);
        Thread renaming = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                Api.Response response = writer.patch("/api/v1/conversations/" + id, alice,
                        Map.of("title", "title " + renamed.get()));
                if (response.status() != 200) {
                    throw new AssertionError(response.toString());
                }
                renamed.incrementAndGet();
            }
        });
        try {
            for (int i = 0; i < 200; i++) {
                Api.Response verdict = api.get(AUDIT + id + "/verify", audrey);
                assertThat(verdict.body().path("valid").asBoolean()).as("verify #%d: %s", i, verdict).isTrue();
                if (i % 10 == 0) {
                    JsonNode events = auditEvents(id);
                    for (int e = 0; e < events.size(); e++) {
                        assertThat(events.get(e).path("hash").isNull()).as("hash of event %d", e).isFalse();
                        if (e > 0) {
                            assertThat(events.get(e).path("prevHash")).isEqualTo(events.get(e - 1).path("hash"));
                        }
                    }
                }
            }
        } finally {
            stop.set(true);
            renaming.join();
        }
        assertThat(renamed.get()).as("events were appended while verifying").isGreaterThan(20);
    }

    @Test
    void everyReadOfAuditDataIsRecordedWithWhoWhatAndWhen() {
        String id = asAlice.start("simulator", null);
        String other = asAlice.start("simulator", null);
        String foreign = new Conversations(api, api.login("gus@globex.test")).start("simulator", null);
        String ada = api.login("ada@acme.test");
        Instant before = Instant.now();
        Api.Response read = api.get(AUDIT + id + "/events", audrey);
        api.get(AUDIT + id + "/verify", audrey);
        api.get(AUDIT + id + "/state?atSeq=0", ada);
        api.get(AUDIT + other + "/verify", audrey);
        assertThat(api.get(AUDIT + foreign + "/events", audrey).status()).isEqualTo(404);

        // Awaited in the table, not through the API: every read of the log is itself recorded for this conversation.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> jdbc.queryForObject(
                "select count(*) from audit_access where conversation_id = ?", Integer.class, id) >= 3);
        List<JsonNode> accesses = new ArrayList<>();
        api.get("/api/v1/audit/accesses?conversationId=" + id, audrey).body().path("accesses").forEach(accesses::add);
        assertThat(accesses).hasSize(3);
        assertThat(accesses.stream().map(a -> a.path("view").asText() + " by " + a.path("viewerId").asText()))
                .containsExactlyInAnyOrder("events by " + Api.subject(audrey), "verify by " + Api.subject(audrey),
                        "state by " + Api.subject(ada));
        JsonNode eventsRead = accesses.stream().filter(a -> a.path("view").asText().equals("events")).findFirst()
                .orElseThrow();
        assertThat(eventsRead.path("traceId").asText()).isEqualTo(read.header("X-Trace-Id"));
        assertThat(Instant.parse(eventsRead.path("readAt").asText())).isBetween(before.minusSeconds(1),
                Instant.now());
        JsonNode stateRead = accesses.stream().filter(a -> a.path("view").asText().equals("state")).findFirst()
                .orElseThrow();
        assertThat(stateRead.path("parameters")).isEqualTo(Api.JSON.valueToTree(Map.of("atSeq", "0")));

        // Reading the log is an audit read too; the refused read of another tenant's conversation showed
        // nothing, so it left no record.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            List<String> seen = new ArrayList<>();
            api.get("/api/v1/audit/accesses", ada).body().path("accesses")
                    .forEach(a -> seen.add(a.path("view").asText() + " " + a.path("conversationId").asText()));
            assertThat(seen).contains("accesses " + id, "verify " + other);
            assertThat(seen.toString()).doesNotContain(foreign);
        });
        Map<String, Object> stored = jdbc.queryForMap("""
                select convert_from(metadata, 'UTF8') as metadata, hash from domainevententry
                where payloadtype = 'dev.colloquy.kernel.audit.AuditTrailRead'
                  and convert_from(metadata, 'UTF8') like ?""", "%" + read.header("X-Trace-Id") + "%");
        assertThat(stored.get("metadata").toString()).contains("\"tenant\":\"acme\"",
                "\"actor\":\"" + Api.subject(audrey) + "\"");
        assertThat(stored.get("hash")).as("audit records are chained like every event").isNotNull();
        assertThat(api.get("/api/v1/audit/accesses?conversationId=nope", audrey).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/audit/accesses", globexAuditor()).body().path("accesses").toString())
                .doesNotContain(id);
    }

    @Test
    void theAccessLogRebuiltFromTheEventsEqualsTheLiveOne() {
        String id = asAlice.start("simulator", null);
        api.get(AUDIT + id + "/events", audrey);
        api.get(AUDIT + id + "/state?asOf=2999-01-01T00:00:00Z", audrey);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from audit_access where conversation_id = ?", Integer.class, id) == 2);
        await("the live log holds every recorded read").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> replay.caughtUp(AuditAccessProjection.GROUP) && accessRows().size() == recordedReads());
        List<Map<String, Object>> before = accessRows();
        assertThat(before.toString()).contains("{\"asOf\": \"2999-01-01T00:00:00Z\"}");

        replay.rebuild(AuditAccessProjection.GROUP);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(accessRows()).isEqualTo(before));
        await("replayed every event without an error").atMost(Duration.ofSeconds(30))
                .until(() -> replay.caughtUp(AuditAccessProjection.GROUP));
    }

    private int recordedReads() {
        return jdbc.queryForObject("select count(*) from domainevententry where payloadtype = ?", Integer.class,
                AuditTrailRead.class.getName());
    }

    private List<Map<String, Object>> accessRows() {
        return jdbc.queryForList("""
                select event_id, tenant_id, viewer_id, conversation_id, view, parameters::text, trace_id, read_at
                from audit_access order by event_id""");
    }

    private String globexAuditor() {
        return api.newUserOf("globex", "auditor");
    }

    /** A conversation of six events (0 started … 5 usage recorded) to which nothing more will happen. */
    private String quietConversation(String content) {
        String id = asAlice.start("simulator", null);
        asAlice.awaitCharged(asAlice.post(id, content, null).path("replyId").asText());
        assertThat(verify(id).get("valid")).isEqualTo(true);
        return id;
    }

    private JsonNode auditEvents(String id) {
        Api.Response response = api.get(AUDIT + id + "/events", audrey);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.body().path("conversationId").asText()).isEqualTo(id);
        return response.body().path("events");
    }

    private JsonNode state(String id, String query) {
        Api.Response response = api.get(AUDIT + id + "/state?" + query, audrey);
        assertThat(response.status()).as(query + " " + response).isEqualTo(200);
        return response.body();
    }

    /** The verdict's fields as text, so that a missing field and a null one differ visibly. */
    private Map<String, Object> verify(String id) {
        Api.Response response = api.get(AUDIT + id + "/verify", audrey);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.body();
        return body.path("valid").asBoolean()
                ? Map.of("valid", true, "events", body.path("events").asInt(),
                        "firstBrokenSeq", body.path("firstBrokenSeq").asText())
                : Map.of("valid", false, "events", body.path("events").asInt(),
                        "firstBrokenSeq", body.path("firstBrokenSeq").asText(),
                        "problem", body.path("problem").asText());
    }

    private static List<String> types(JsonNode events) {
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.path("type").asText()));
        return types;
    }

    /** The sequence number of the {@code nth} (from 0) event of that type. */
    private static long sequenceOf(JsonNode events, String type, int nth) {
        int seen = 0;
        for (JsonNode event : events) {
            if (type.equals(event.path("type").asText()) && seen++ == nth) {
                return event.path("sequence").asLong();
            }
        }
        throw new AssertionError("no " + type + " #" + nth + " in " + types(events));
    }

    private List<Map<String, Object>> links(String id) {
        return jdbc.queryForList("""
                select sequencenumber, encode(prev_hash, 'hex') as prev, encode(hash, 'hex') as hash
                from domainevententry where aggregateidentifier = ? order by sequencenumber""", id);
    }

    /** ADR 0007: SHA-256 over length-prefixed fields (4-byte big-endian length, -1 for null). */
    private static byte[] canonicalHash(byte[] previous, Map<String, Object> row) throws Exception {
        ByteArrayOutputStream canonical = new ByteArrayOutputStream();
        List<byte[]> fields = new ArrayList<>();
        fields.add(utf8("colloquy-event-chain/1"));
        fields.add(previous);
        fields.add(utf8(row.get("eventidentifier")));
        fields.add(utf8(row.get("aggregateidentifier")));
        fields.add(ByteBuffer.allocate(8).putLong(((Number) row.get("sequencenumber")).longValue()).array());
        fields.add(utf8(row.get("type")));
        fields.add(utf8(row.get("payloadtype")));
        fields.add(utf8(row.get("payloadrevision")));
        fields.add(utf8(row.get("timestamp")));
        fields.add((byte[]) row.get("metadata"));
        fields.add((byte[]) row.get("payload"));
        for (byte[] field : fields) {
            canonical.write(ByteBuffer.allocate(4).putInt(field == null ? -1 : field.length).array());
            if (field != null) {
                canonical.write(field);
            }
        }
        return MessageDigest.getInstance("SHA-256").digest(canonical.toByteArray());
    }

    private static byte[] utf8(Object text) {
        return text == null ? null : text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
