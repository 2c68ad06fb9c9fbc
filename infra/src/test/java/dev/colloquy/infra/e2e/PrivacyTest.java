package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.colloquy.command.account.DirectoryRebuild;
import dev.colloquy.command.privacy.ErasureProcess;
import dev.colloquy.command.privacy.ErasureRequests;
import dev.colloquy.command.privacy.OwnedConversations;
import dev.colloquy.command.privacy.RetentionJob;
import dev.colloquy.infra.privacy.PersonalDataKeys;
import dev.colloquy.kernel.MetadataKeys;
import dev.colloquy.kernel.conversation.DialogueStarted;
import dev.colloquy.kernel.conversation.StartDialogue;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import dev.colloquy.kernel.privacy.EraseConversation;
import dev.colloquy.kernel.privacy.PersonalData;
import dev.colloquy.projections.conversation.ConversationProjection;
import dev.colloquy.projections.replay.ProjectionReplay;
import dev.colloquy.projections.usage.UsageLedgerProjection;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Crypto-shredding end to end: the event store holds no personal text in the clear, an erasure leaves every
 * event in place but unreadable, read models and the ledger come out the same when rebuilt, and retention erases
 * only what is old.
 */
class PrivacyTest extends EndToEndTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProjectionReplay replay;
    @Autowired
    RetentionJob retention;
    @Autowired
    DirectoryRebuild directoryRebuild;
    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;
    @Autowired
    ErasureRequests erasureRequests;
    @Autowired
    PersonalDataKeys keys;
    @Autowired
    OwnedConversations ownedConversations;
    @Autowired
    CommandBus commandBus;
    @Autowired
    CommandGateway commandGateway;

    String ada;

    @BeforeEach
    void signInAdmin() {
        ada = api.login("ada@acme.test");
    }

    /** A titled conversation with a charged exchange; answers its id. */
    private String converse(Member member, String marker) {
        Conversations as = member.conversations();
        String id = as.start("simulator", "system prompt " + marker);
        assertThat(api.patch("/api/v1/conversations/" + id, member.token(), Map.of("title", "Title " + marker))
                .status()).isEqualTo(200);
        as.awaitCharged(as.post(id, "message " + marker, null).path("replyId").asText());
        return id;
    }

    /** A conversation key of acme's {@code subjectId} for a conversation the event store does not know. */
    private void insertKeyOfUnknownConversation(String conversationId, String subjectId) {
        jdbc.update("""
                insert into personal_data_key (key_id, scope_id, kind, subject_id, tenant_id, secret)
                values (?, ?, 'conversation', ?, 'acme', decode(repeat('ab', 32), 'hex'))""",
                UUID.randomUUID().toString(), conversationId, subjectId);
    }

    private long payloadsContaining(String text) {
        return jdbc.queryForObject("select count(*) from domainevententry where position(convert_to(?, 'UTF8') in "
                + "payload) > 0", Long.class, text);
    }

    @Test
    void theEventStoreHoldsNoPersonalTextInTheClearWhileTheApiShowsIt() {
        Member pat = Member.ofAcme(api, Map.of());
        String marker = UUID.randomUUID().toString();
        String conversation = converse(pat, marker);
        Conversations as = new Conversations(api, pat.token());
        JsonNode tree = as.tree(conversation);
        String firstMessage = tree.path("messages").get(0).path("id").asText();
        String reply = tree.path("messages").get(1).path("content").asText();
        Api.Response fork = api.post("/api/v1/conversations/" + conversation + "/fork", pat.token(),
                Map.of("messageId", tree.path("messages").get(1).path("id").asText()));
        assertThat(fork.status()).as(fork.toString()).isEqualTo(201);

        assertThat(tree.path("title").asText()).isEqualTo("Title " + marker);
        assertThat(tree.path("systemPrompt").asText()).isEqualTo("system prompt " + marker);
        assertThat(Conversations.message(tree, firstMessage).path("content").asText()).isEqualTo("message " + marker);
        assertThat(reply).hasSizeGreaterThan(20);
        assertThat(as.tree(fork.body().path("id").asText()).path("messages").toString()).contains("message " + marker);

        assertThat(payloadsContaining(marker)).as("message, title, system prompt, fork transcript").isZero();
        assertThat(payloadsContaining(reply.substring(0, 20))).as("the reply's text").isZero();
        assertThat(payloadsContaining(pat.username())).as("the username").isZero();
        String bare = as.start("simulator", null);
        String unnamed = "no title, no prompt " + marker.substring(0, 8);
        as.awaitCharged(as.post(bare, unnamed, null).path("replyId").asText());
        assertThat(payloadsContaining(unnamed)).as("a conversation begun without personal text").isZero();
        assertThat(payloadsContaining("pd1:")).as("envelopes are there instead").isPositive();
        assertThat(jdbc.queryForObject("select count(*) from sagaentry where position(convert_to(?, 'UTF8') in "
                + "serializedsaga) > 0", Long.class, marker)).as("the saga store").isZero();
    }

    @Test
    void aUserWhoErasesThemselvesLeavesEveryEventButNothingReadable() {
        Member pat = Member.ofAcme(api, Map.of());
        String marker = UUID.randomUUID().toString();
        String conversation = converse(pat, marker);
        List<Map<String, Object>> ledgerBefore = awaitLedgerOf(pat.id(), 1);
        List<Map<String, Object>> eventsBefore = events();

        Api.Response requested = api.post("/api/v1/privacy/erasure", pat.token(), null);
        assertThat(requested.status()).as(requested.toString()).isEqualTo(202);
        String requestId = requested.body().path("requestId").asText();
        assertThat(requested.body().path("status").asText()).isEqualTo("PENDING");

        JsonNode status = awaitStatus(requestId, ada, "COMPLETED");
        assertThat(status.path("userId").asText()).isEqualTo(pat.id());
        assertThat(status.path("requestedBy").asText()).isEqualTo(pat.id());
        assertThat(status.path("completedAt").isNull()).isFalse();
        assertThat(status.path("errors")).isEmpty();
        assertThat(texts(status.path("systemsProcessed")))
                .contains("conversations", "reply_checkpoints", "user_profile", "sign_in_and_api_keys", "key_caches");

        assertThat(events()).as("every event is still stored, byte for byte").containsAll(eventsBefore);
        assertThat(jdbc.queryForList("select payloadtype from domainevententry where aggregateidentifier = ? "
                + "order by sequencenumber desc limit 1", String.class, conversation))
                .containsExactly("dev.colloquy.kernel.privacy.ConversationErased");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(jdbc.queryForList(
                "select title, system_prompt from conversation_view where id = ?", conversation))
                .containsExactly(Map.of("title", PersonalData.ERASED, "system_prompt", PersonalData.ERASED)));
        assertThat(jdbc.queryForList("select distinct content from message_view where conversation_id = ?",
                String.class, conversation)).containsExactly(PersonalData.ERASED);
        assertThat(api.get("/api/v1/conversations/" + conversation, ada).status()).isEqualTo(404);

        // The auditor still sees every event, with [erased] in place of the content, and a chain that verifies.
        String audrey = api.login("audrey@acme.test");
        JsonNode audited = api.get("/api/v1/audit/conversations/" + conversation + "/events", audrey).body();
        assertThat(audited.path("events").findValuesAsText("content")).isNotEmpty()
                .allMatch(PersonalData.ERASED::equals);
        assertThat(audited.toString()).doesNotContain(marker);
        assertThat(api.get("/api/v1/audit/conversations/" + conversation + "/verify", audrey).body()
                .path("valid").asBoolean()).isTrue();
        JsonNode past = api.get("/api/v1/audit/conversations/" + conversation + "/state?atSeq=3", audrey).body();
        assertThat(past.toString()).as("time travel shows no erased text either").doesNotContain(marker)
                .contains(PersonalData.ERASED);

        String pseudonym = jdbc.queryForObject("select username from account_directory where user_id = ?",
                String.class, pat.id());
        assertThat(pseudonym).startsWith("erased-");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(ledgerOf(pseudonym))
                .isEqualTo(withUser(ledgerBefore, pseudonym)));
        assertThat(ledgerOf(pat.id())).isEmpty();

        Api.Response signIn = api.post("/api/v1/auth/token", null, Map.of("username", pat.username(),
                "password", "colloquy-demo"));
        assertThat(signIn.status()).as("the erased user signs in").isEqualTo(401);
        assertThat(api.get("/api/v1/models", pat.token()).status()).as("their old token").isEqualTo(401);
        assertThat(api.post("/api/v1/admin/users", ada, Map.of("username", pat.username(),
                "password", "colloquy-demo", "roles", List.of("member"))).status())
                .as("the username is free again").isEqualTo(201);
    }

    @Test
    void aTenantAdminErasesAUserOfTheirTenantAndNoOtherTenantCan() {
        Member pat = Member.ofAcme(api, Map.of());
        converse(pat, UUID.randomUUID().toString());
        Api.Response key = api.post("/api/v1/api-keys", pat.token(), Map.of("name", "ci", "scopes", List.of("read")));
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        String secret = key.body().path("secret").asText();
        assertThat(api.get("/api/v1/models", secret).status()).isEqualTo(200);
        String gina = api.newUserOf("globex", "tenant-admin");

        assertThat(api.post("/api/v1/privacy/erasure", gina, Map.of("userId", pat.id())).status())
                .as("another tenant's admin").isEqualTo(404);
        assertThat(api.post("/api/v1/privacy/erasure", alice, Map.of("userId", pat.id())).status())
                .as("a member, for someone else").isEqualTo(403);
        Api.Response requested = api.post("/api/v1/privacy/erasure", ada, Map.of("userId", pat.id()));
        assertThat(requested.status()).as(requested.toString()).isEqualTo(202);
        String requestId = requested.body().path("requestId").asText();
        assertThat(api.get("/api/v1/privacy/erasure/" + requestId, gina).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/privacy/erasure/" + requestId, alice).status()).isEqualTo(404);

        JsonNode status = awaitStatus(requestId, ada, "COMPLETED");
        assertThat(status.path("requestedBy").asText()).isEqualTo(Api.subject(ada));
        assertThat(api.get("/api/v1/models", secret).status()).as("the erased user's API key").isEqualTo(401);
        assertThat(jdbc.queryForObject("""
                select convert_from(metadata, 'UTF8')::jsonb ->> 'actor' from domainevententry
                where aggregateidentifier = ? and payloadtype like '%UserErased'""", String.class, pat.id()))
                .isEqualTo(Api.subject(ada));
    }

    @Test
    void rebuildingTheReadModelsAfterAnErasureGivesIdenticalRows() {
        Member pat = Member.ofAcme(api, Map.of());
        String conversation = converse(pat, UUID.randomUUID().toString());
        String fork = api.post("/api/v1/conversations/" + conversation + "/fork", pat.token(), Map.of("messageId",
                new Conversations(api, pat.token()).tree(conversation).path("messages").get(1).path("id").asText()))
                .body().path("id").asText();
        converse(new Member(Api.subject(alice), "alice@acme.test", alice, asAlice), UUID.randomUUID().toString());
        awaitLedgerOf(pat.id(), 1);
        String requestId = api.post("/api/v1/privacy/erasure", pat.token(), null).body().path("requestId").asText();
        awaitStatus(requestId, ada, "COMPLETED");
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                "select count(*) from conversation_view where erased and id in (?, ?)", Integer.class,
                conversation, fork) == 2);
        await().atMost(PATIENCE).until(() -> ledgerOf(pat.id()).isEmpty());
        Map<String, Object> before = readModels();
        List<Map<String, Object>> directoryBefore = directory();

        replay.rebuild(ConversationProjection.GROUP);
        replay.rebuild(UsageLedgerProjection.GROUP);
        directoryRebuild.rebuild();

        assertThat(directory())
                .as("the account directory, where the erased name reads as [erased] until the pseudonym replaces it")
                .isEqualTo(directoryBefore);

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(readModels()).isEqualTo(before));
        await().atMost(PATIENCE).until(() -> replay.caughtUp(ConversationProjection.GROUP)
                && replay.caughtUp(UsageLedgerProjection.GROUP));
        assertThat(readModels()).isEqualTo(before);
        assertThat(before.toString()).contains(PersonalData.ERASED);
    }

    @Test
    void retentionErasesOnlyTheConversationsInactiveForLongerThanTheTenantKeepsThem() {
        Member pat = Member.ofAcme(api, Map.of());
        Clock eventClock = GenericEventMessage.clock;
        String old;
        try {
            // Events stamped 40 days ago: what the conversation's own history says, not only a read model.
            GenericEventMessage.clock = Clock.offset(eventClock, Duration.ofDays(-40));
            old = new Conversations(api, pat.token()).start("simulator", "system prompt old");
            assertThat(api.patch("/api/v1/conversations/" + old, pat.token(), Map.of("title", "Title old"))
                    .status()).isEqualTo(200);
        } finally {
            GenericEventMessage.clock = eventClock;
        }
        String recent = converse(pat, UUID.randomUUID().toString());
        String staleView = converse(pat, UUID.randomUUID().toString());
        Api.Response policy = api.put("/api/v1/admin/retention", ada, Map.of("conversationDays", 30));
        assertThat(policy.status()).as(policy.toString()).isEqualTo(200);
        assertThat(policy.body().path("effectiveConversationDays").asInt()).isEqualTo(30);
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                "select count(*) from conversation_view where id in (?, ?, ?)", Long.class, old, recent, staleView)
                == 3);
        // A read model that lags or is being rebuilt can say a busy conversation is idle: the aggregate decides.
        jdbc.update("update conversation_view set updated_at = now() - interval '40 days' where id = ?", staleView);

        assertThat(retention.run()).isEqualTo(1);

        // the read model hides it once it has applied ConversationErased
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(api.get("/api/v1/conversations/" + old,
                pat.token()).status()).isEqualTo(404));
        assertThat(api.get("/api/v1/conversations/" + recent, pat.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/conversations/" + staleView, pat.token()).status()).isEqualTo(200);
        assertThat(jdbc.queryForList("select scope_id from personal_data_key where shredded_at is not null and "
                + "scope_id in (?, ?, ?)", String.class, old, recent, staleView)).containsExactly(old);
        assertThat(jdbc.queryForObject("""
                select convert_from(metadata, 'UTF8')::jsonb ->> 'actor' from domainevententry
                where aggregateidentifier = ? and payloadtype like '%ConversationErased'""", String.class, old))
                .isEqualTo(RetentionJob.ACTOR);
        assertThat(jdbc.queryForObject("select title from conversation_view where id = ?", String.class, old))
                .isEqualTo(PersonalData.ERASED);
        assertThat(retention.run()).as("nothing left to erase").isZero();
        Map<String, Object> platformDefault = new HashMap<>();
        platformDefault.put("conversationDays", null);
        assertThat(api.put("/api/v1/admin/retention", ada, platformDefault).status()).isEqualTo(200);
    }

    @Test
    void aRequestLeftInProgressByANodeThatDiedIsResumedByAnother() {
        Member pat = Member.ofAcme(api, Map.of());
        String conversation = converse(pat, UUID.randomUUID().toString());
        String requestId = UUID.randomUUID().toString();
        // the row as a node leaves it when it dies mid-erasure: claimed, and silent since
        jdbc.update("""
                insert into erasure_request (request_id, user_id, tenant_id, requested_by, requested_at, status,
                                             updated_at)
                values (?, ?, 'acme', ?, now() - interval '1 hour', 'IN_PROGRESS', now() - interval '1 hour')""",
                requestId, pat.id(), pat.id());

        awaitStatus(requestId, ada, "COMPLETED");

        assertThat(api.get("/api/v1/conversations/" + conversation, pat.token()).status()).isEqualTo(401);
        assertThat(jdbc.queryForObject("select count(*) from personal_data_key where subject_id = ? and secret is not "
                + "null", Integer.class, pat.id())).isZero();
    }

    @Test
    void anErasureThatCannotEraseEverythingEndsFailedWithItsReasons() {
        Member pat = Member.ofAcme(api, Map.of());
        converse(pat, UUID.randomUUID().toString());
        // a key naming a conversation the event store does not know, as a damaged key table would
        insertKeyOfUnknownConversation("no-such-conversation", pat.id());

        String requestId = api.post("/api/v1/privacy/erasure", pat.token(), null).body().path("requestId").asText();

        JsonNode status = awaitStatus(requestId, ada, "FAILED");
        assertThat(status.path("errors").toString()).contains("no-such-conversation");
        assertThat(texts(status.path("systemsProcessed"))).contains("user_profile").doesNotContain("conversations");
        assertThat(status.path("completedAt").isNull()).isFalse();
    }

    @Test
    void aConversationWithoutAKeyIsErasedButTheErasureFailsSayingItPredatesEncryption() {
        Member pat = Member.ofAcme(api, Map.of());
        String keyless = converse(pat, UUID.randomUUID().toString());
        String keyed = converse(pat, UUID.randomUUID().toString());
        // as a conversation started before encryption was introduced: no key row at all
        jdbc.update("delete from personal_data_key where scope_id = ?", keyless);

        String requestId = api.post("/api/v1/privacy/erasure", pat.token(), null).body().path("requestId").asText();

        JsonNode status = awaitStatus(requestId, ada, "FAILED");
        assertThat(texts(status.path("errors"))).containsExactly("conversations: conversation " + keyless
                + ": PREDATES_ENCRYPTION: its events hold the text in clear");
        assertThat(texts(status.path("systemsProcessed"))).contains("user_profile").doesNotContain("conversations");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(jdbc.queryForList(
                "select id from conversation_view where erased and id in (?, ?)", String.class, keyless, keyed))
                .as("both hidden and shown as erased").containsExactlyInAnyOrder(keyless, keyed));
        assertThat(liveKeysOf(pat.id())).isZero();
    }

    @Test
    void aFailedErasureWhoseUserStillHasLiveKeysIsRetriedButNotBeyondItsAttempts() {
        Member pat = Member.ofAcme(api, Map.of());
        String conversation = converse(pat, UUID.randomUUID().toString());
        Member sam = Member.ofAcme(api, Map.of());
        converse(sam, UUID.randomUUID().toString());
        String retried = UUID.randomUUID().toString();
        String exhausted = UUID.randomUUID().toString();
        // as a node leaves them when an erasure failed an hour ago; the exhausted one is older, so it would be
        // claimed first if it were eligible
        String failed = """
                insert into erasure_request (request_id, user_id, tenant_id, requested_by, requested_at, status,
                                             errors, updated_at, completed_at, attempts)
                values (?, ?, 'acme', ?, now() - make_interval(hours => ?), 'FAILED',
                        '{"conversations: conversation x: CONFLICT"}', now() - interval '1 hour',
                        now() - interval '1 hour', ?)""";
        jdbc.update(failed, exhausted, sam.id(), sam.id(), 3, 5);
        jdbc.update(failed, retried, pat.id(), pat.id(), 2, 1);

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() ->
                api.get("/api/v1/privacy/erasure/" + retried, ada).body().path("status").asText().equals("COMPLETED"));

        JsonNode status = api.get("/api/v1/privacy/erasure/" + retried, ada).body();
        assertThat(status.path("attempts").asInt()).isEqualTo(2);
        assertThat(status.path("errors")).isEmpty();
        assertThat(liveKeysOf(pat.id())).isZero();
        assertThat(api.get("/api/v1/conversations/" + conversation, ada).status()).isEqualTo(404);
        JsonNode left = api.get("/api/v1/privacy/erasure/" + exhausted, ada).body();
        assertThat(left.path("status").asText()).isEqualTo("FAILED");
        assertThat(left.path("attempts").asInt()).isEqualTo(5);
        assertThat(liveKeysOf(sam.id())).isPositive();
    }

    @Test
    void aNodeWhoseClaimWentStaleAndWasTakenOverWritesNothingMore() {
        Member pat = Member.ofAcme(api, Map.of());
        converse(pat, UUID.randomUUID().toString());
        // a damaged key: this node's own outcome would be FAILED
        insertKeyOfUnknownConversation("missing-" + UUID.randomUUID(), pat.id());
        String requestId = UUID.randomUUID().toString();
        // silent for a minute: stale for the slow node below (30 s), not yet for the application's (2 min)
        jdbc.update("""
                insert into erasure_request (request_id, user_id, tenant_id, requested_by, requested_at, status,
                                             updated_at, claim_id)
                values (?, ?, 'acme', ?, now() - interval '1 day', 'IN_PROGRESS', now() - interval '1 minute',
                        'dead-node')""", requestId, pat.id(), pat.id());
        AtomicBoolean takenOver = new AtomicBoolean();
        // while the slow node sends its first command, another node takes the request over and completes it
        MessageDispatchInterceptor<CommandMessage<?>> takeover = messages -> (index, message) -> {
            if (takenOver.compareAndSet(false, true)) {
                jdbc.update("""
                        update erasure_request set claim_id = 'node-b', status = 'COMPLETED', completed_at = now(),
                                                   updated_at = now()
                        where request_id = ?""", requestId);
            }
            return message;
        };
        ErasureProcess slowNode = new ErasureProcess(erasureRequests, keys, ownedConversations,
                DefaultCommandGateway.builder().commandBus(commandBus).dispatchInterceptors(takeover).build(),
                Duration.ofSeconds(30), new ErasureRequests.Retry(Duration.ofDays(1), 1));

        slowNode.sweep();

        assertThat(takenOver).isTrue();
        assertThat(jdbc.queryForMap("select status, claim_id, cardinality(errors) as errors, keys_shredded_at "
                + "from erasure_request where request_id = ?", requestId))
                .containsEntry("status", "COMPLETED").containsEntry("claim_id", "node-b")
                .containsEntry("errors", 0).containsEntry("keys_shredded_at", null);
    }

    @Test
    void noConversationKeyIsCreatedForAUserOnceTheirErasureCompleted() {
        Member pat = Member.ofAcme(api, Map.of());
        String requestId = api.post("/api/v1/privacy/erasure", pat.token(), null).body().path("requestId").asText();
        awaitStatus(requestId, ada, "COMPLETED");
        String late = UUID.randomUUID().toString();

        // as a start authorised just before the account was disabled (authentication is cached for a while)
        Throwable refused = catchThrowable(() -> commandGateway.sendAndWait(new StartDialogue(late, "acme",
                pat.id(), "late", "simulator", "a late system prompt")));

        assertThat(ColloquyException.causeOf(refused)).map(ColloquyException::code).contains(ErrorCode.NOT_FOUND);
        assertThat(jdbc.queryForObject("select count(*) from personal_data_key where scope_id = ?", Integer.class,
                late)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ?",
                Integer.class, late)).isZero();
        assertThat(liveKeysOf(pat.id())).isZero();
    }

    @Test
    void aShreddedKeyIsForgottenAtOnceOnTheNodeThatShreddedIt() {
        Member pat = Member.ofAcme(api, Map.of());
        String marker = UUID.randomUUID().toString();
        // only its opening event: its key was looked up by id (reading), never by scope
        String conversation = new Conversations(api, pat.token()).start("simulator", "system prompt " + marker);
        assertThat(openingEvent(conversation).systemPrompt()).isEqualTo("system prompt " + marker);

        commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(new EraseConversation(conversation, "acme",
                "test")).andMetaData(Map.of(MetadataKeys.TENANT, "acme", MetadataKeys.ACTOR, pat.id(),
                MetadataKeys.TRACE_ID, UUID.randomUUID().toString())));

        assertThat(openingEvent(conversation).systemPrompt()).isEqualTo(PersonalData.ERASED);
    }


    // --- helpers

    private int liveKeysOf(String subjectId) {
        return jdbc.queryForObject("select count(*) from personal_data_key where subject_id = ? and secret is not "
                + "null", Integer.class, subjectId);
    }

    /** The conversation's DialogueStarted as the event serializer reads it from the store now. */
    private DialogueStarted openingEvent(String conversation) {
        Map<String, Object> row = jdbc.queryForMap("select payload, payloadtype, payloadrevision from "
                + "domainevententry where aggregateidentifier = ? and sequencenumber = 0", conversation);
        return eventSerializer.deserialize(new SimpleSerializedObject<>((byte[]) row.get("payload"), byte[].class,
                (String) row.get("payloadtype"), (String) row.get("payloadrevision")));
    }

    private JsonNode awaitStatus(String requestId, String token, String expected) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
            Api.Response response = api.get("/api/v1/privacy/erasure/" + requestId, token);
            last[0] = response.body();
            String status = response.body().path("status").asText();
            return response.status() == 200 && (status.equals("COMPLETED") || status.equals("FAILED"));
        });
        assertThat(last[0].path("status").asText()).as(last[0].toString()).isEqualTo(expected);
        return last[0];
    }

    private List<Map<String, Object>> events() {
        return jdbc.queryForList("select eventidentifier, md5(payload) as payload from domainevententry");
    }

    private List<Map<String, Object>> awaitLedgerOf(String userId, int requests) {
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject("""
                select coalesce(sum(requests), 0) from usage_ledger where user_id = ? and period = 'month'""",
                Long.class, userId) >= requests);
        return ledgerOf(userId);
    }

    private List<Map<String, Object>> ledgerOf(String userId) {
        return jdbc.queryForList("""
                select tenant_id, period, period_start, model, requests, prompt_tokens, completion_tokens, cost_usd,
                       unpriced_requests, user_id
                from usage_ledger where user_id = ? order by period, period_start, model""", userId);
    }

    private static List<Map<String, Object>> withUser(List<Map<String, Object>> rows, String userId) {
        return rows.stream().map(row -> {
            Map<String, Object> copy = new java.util.LinkedHashMap<>(row);
            copy.put("user_id", userId);
            return (Map<String, Object>) copy;
        }).toList();
    }

    private Map<String, Object> readModels() {
        return ReadModelRows.conversationsAndLedger(jdbc);
    }

    private List<Map<String, Object>> directory() {
        return jdbc.queryForList("""
                select user_id, tenant_id, username, array_to_string(roles, ',') as roles, plan, disabled,
                       locked_until, created_at
                from account_directory order by user_id""");
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

}
