package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.colloquy.command.privacy.RetentionJob;
import dev.colloquy.kernel.MetadataKeys;
import dev.colloquy.kernel.privacy.EraseConversation;
import dev.colloquy.projections.replay.ProjectionReplay;
import dev.colloquy.query.knowledge.KnowledgeQueries;
import dev.colloquy.query.knowledge.KnowledgeSearch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every read model is a pure function of the event store: rebuilt through the admin API from a history of more
 * than a thousand events (branches, forks, renames, deletions, failures, cancels, erasures), each comes out the
 * same, and the application answers chat requests while a rebuild runs.
 */
class ProjectionReplayTest extends EndToEndTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String REPLAY = "/api/v1/admin/projections/%s/replay";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CommandGateway commands;
    @Autowired
    ProjectionReplay replay;
    @Autowired
    KnowledgeQueries queries;
    @Autowired
    KnowledgeSearch search;
    /** alice's knowledge base in the history. */
    String knowledgeBase;

    @Test
    void replayingEveryReadModelReproducesItExactly() {
        List<String> acmeConversations = createHistory();
        String auditor = api.login("audrey@acme.test");
        for (String conversation : acmeConversations) {
            JsonNode verdict = api.get("/api/v1/audit/conversations/" + conversation + "/verify", auditor).body();
            assertThat(verdict.path("valid").asBoolean()).as(verdict.toString()).isTrue();
        }
        long events = jdbc.queryForObject("select count(*) from domainevententry", Long.class);
        assertThat(events).as("a history of at least a thousand events").isGreaterThanOrEqualTo(1000);
        String root = api.login("root@colloquy.test");
        Set<String> readModels = replay.readModels();
        assertThat(readModels).as("every read model declared, each compared below")
                .containsExactlyInAnyOrder("conversations", "usage-ledger", "abuse-signals", "audit-accesses",
                        "knowledge");
        // The live rows must include the last events before they are compared with the rebuilt ones, the
        // documents' embedding charges (sent once the workers are done) among them.
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                "select count(*) from knowledge_embedding_usage where not charged", Long.class) == 0);
        long head = jdbc.queryForObject("select max(globalindex) from domainevententry", Long.class);
        await().atMost(PATIENCE).until(() -> readModels.stream().allMatch(m -> replay.hasProcessed(m, head)));
        Map<String, Object> live = snapshot();

        for (String model : readModels) {
            Api.Response started = api.post(REPLAY.formatted(model), root, null);
            assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
            assertThat(started.body().path("state").asText()).isEqualTo("RUNNING");
            assertThat(started.body().path("requestedBy").asText()).isEqualTo(Api.subject(root));
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(api.get(REPLAY.formatted(model), root).body().path("state").asText())
                            .isEqualTo("COMPLETED"));
        }

        // The rebuilt chunks are embedded again by the workers; the vectors are compared by what they find.
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                "select count(*) from knowledge_chunk where needs_embedding", Long.class) == 0);
        assertThat(snapshot()).isEqualTo(live);
        assertThat(jdbc.queryForObject(
                "select count(*) from domainevententry where payloadtype like '%ProjectionReplayRequested'",
                Long.class)).as("each rebuild is recorded").isEqualTo(5);
    }

    @Test
    void chatKeepsWorkingWhileAReadModelIsRebuilt() {
        String root = api.login("root@colloquy.test");
        String conversation = asAlice.start("simulator", null);
        asAlice.awaitCharged(asAlice.post(conversation, "before the rebuild", null).path("replyId").asText());

        assertThat(api.post(REPLAY.formatted("conversations"), root, null).status()).isEqualTo(202);
        JsonNode during = asAlice.post(conversation, "during the rebuild", null);
        asAlice.awaitCharged(during.path("replyId").asText());

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                api.get(REPLAY.formatted("conversations"), root).body().path("state").asText()).isEqualTo("COMPLETED"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(asAlice.tree(conversation).path("messages"))
                .extracting(m -> m.path("status").asText())
                .containsExactly("posted", "completed", "posted", "completed"));
    }

    @Test
    void onlyReadModelsCanBeRebuilt() {
        String root = api.login("root@colloquy.test");
        assertThat(api.get(REPLAY.formatted("ReplySagaProcessor"), root).status())
                .as("a saga is not a read model: replaying it would call the model again").isEqualTo(404);
        assertThat(api.post(REPLAY.formatted("integration-events"), root, null).status())
                .as("nor is the Kafka publisher: replaying it would publish everything again").isEqualTo(404);
    }

    /**
     * About 220 turns of five events each, spread over three users, two tenants and a dozen conversations;
     * answers the conversations of tenant acme.
     */
    private List<String> createHistory() {
        List<Conversations> users = List.of(asAlice, new Conversations(api, api.login("gus@globex.test")),
                new Conversations(api, api.login("ada@acme.test")));
        Map<String, Conversations> conversations = new LinkedHashMap<>();
        for (Conversations user : users) {
            for (int i = 0; i < 4; i++) {
                conversations.put(user.start("simulator", i % 2 == 0 ? "be brief" : null), user);
            }
        }
        Map<String, String> firstReply = new LinkedHashMap<>();
        for (int round = 0; round < 18; round++) {
            List<String> replies = new ArrayList<>();
            List<Conversations> owners = new ArrayList<>();
            for (Map.Entry<String, Conversations> c : conversations.entrySet()) {
                // Every fifth round branches from the first reply instead of continuing the active branch.
                String parent = round % 5 == 4 ? firstReply.get(c.getKey()) : null;
                replies.add(c.getValue().post(c.getKey(), "round " + round + " in " + c.getKey(), parent)
                        .path("replyId").asText());
                owners.add(c.getValue());
            }
            for (int i = 0; i < replies.size(); i++) {
                owners.get(i).awaitCharged(replies.get(i));
            }
            if (round == 0) {
                List<String> ids = new ArrayList<>(conversations.keySet());
                for (int i = 0; i < ids.size(); i++) {
                    firstReply.put(ids.get(i), replies.get(i));
                }
            }
        }
        for (Map.Entry<String, Conversations> c : conversations.entrySet()) {
            String token = c.getValue().token();
            api.patch("/api/v1/conversations/" + c.getKey(), token, Map.of("title", "renamed " + c.getKey()));
            String fork = api.post("/api/v1/conversations/" + c.getKey() + "/fork", token,
                    Map.of("messageId", firstReply.get(c.getKey()))).body().path("id").asText();
            c.getValue().awaitCharged(c.getValue().post(fork, "in the fork", null).path("replyId").asText());
        }
        String deleted = conversations.keySet().iterator().next();
        api.delete("/api/v1/conversations/" + deleted, alice);
        String restored = new ArrayList<>(conversations.keySet()).get(1);
        api.delete("/api/v1/conversations/" + restored, alice);
        api.post("/api/v1/conversations/" + restored + "/restore", alice, null);

        String scripted = asAlice.start("scripted", null);
        asAlice.awaitCharged(asAlice.post(scripted, "[fail:400] rejected", null).path("replyId").asText());
        JsonNode held = asAlice.post(scripted, "[hold] to cancel", null);
        String heldReply = held.path("replyId").asText();
        await().atMost(PATIENCE).until(() -> "streaming".equals(
                api.get("/api/v1/replies/" + heldReply, alice).body().path("status").asText()));
        api.post("/api/v1/replies/" + heldReply + "/cancel", alice, null);
        asAlice.awaitCharged(heldReply);
        OPENAI.release();
        List<String> acme = new ArrayList<>(conversations.entrySet().stream()
                .filter(c -> c.getValue() != users.get(1)).map(Map.Entry::getKey).toList());
        acme.add(scripted);

        Knowledge hers = new Knowledge(api, alice);
        knowledgeBase = hers.create("History");
        hers.add(knowledgeBase, "Kept", "# Orchards\n\nApple trees are pruned in late winter.\n\n# Bees\n\n"
                + "Hives are checked every nine days in spring.");
        String removed = hers.add(knowledgeBase, "Removed", "Pears ripen off the tree.");
        assertThat(api.delete("/api/v1/documents/" + removed, alice).status()).isEqualTo(204);
        String cited = asAlice.start("simulator", null);
        assertThat(api.patch("/api/v1/conversations/" + cited, alice,
                Map.of("knowledgeBaseIds", List.of(knowledgeBase))).status()).isEqualTo(200);
        asAlice.awaitCharged(asAlice.exchange(cited, "When are apple trees pruned?", null).path("id").asText());
        String citedErased = asAlice.start("simulator", null);
        api.patch("/api/v1/conversations/" + citedErased, alice, Map.of("knowledgeBaseIds", List.of(knowledgeBase)));
        asAlice.awaitCharged(asAlice.exchange(citedErased, "How often are hives checked?", null).path("id").asText());
        Knowledge his = new Knowledge(api, users.get(1).token());
        String gusBase = his.create("Gus's own");
        his.add(gusBase, "Gus's notes", "Notes nobody may keep once gus is erased.");
        his.search(gusBase, "what may nobody keep?", null); // a query that goes with its searcher
        hers.search(knowledgeBase, "pruning", "keyword");

        // Erasure: one of alice's conversations by the command the retention job sends (one that cited sources
        // too, whose quoted passages go with it), and all of gus.
        for (String erased : List.of(acme.get(2), citedErased)) {
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(
                    new EraseConversation(erased, "acme", RetentionJob.ACTOR)).andMetaData(Map.of(
                    MetadataKeys.TENANT, "acme", MetadataKeys.ACTOR, RetentionJob.ACTOR, MetadataKeys.TRACE_ID, "t")));
        }
        String gus = users.get(1).token();
        String erasure = api.post("/api/v1/privacy/erasure", gus, null).body().path("requestId").asText();
        // gus can no longer sign in to ask, and no admin of his tenant exists here: the status row tells.
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select status from erasure_request where request_id = ?", String.class, erasure))
                .isEqualTo("COMPLETED"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select count(*) from abuse_signal where user_id = ?", Long.class, Api.subject(gus)))
                .as("an erased user's abuse evidence is gone").isZero());
        return acme;
    }

    private Map<String, Object> snapshot() {
        Map<String, Object> rows = ReadModelRows.conversationsAndLedger(jdbc);
        rows.put("order", jdbc.queryForList("select conversation_id, string_agg(id, ',' order by position) as ids "
                + "from message_view group by conversation_id order by conversation_id"));
        // As JSON text: PostgreSQL arrays come back as driver objects that never compare equal.
        rows.put("abuse", jdbc.queryForList("select to_jsonb(a)::text from abuse_signal a order by user_id"));
        rows.put("abuse reasons", jdbc.queryForList("select * from abuse_reason order by user_id, signal"));
        rows.put("audit accesses", jdbc.queryForList("select * from audit_access order by event_id"));
        rows.put("knowledge bases", jdbc.queryForList("select * from knowledge_base order by id"));
        rows.put("documents", jdbc.queryForList("select * from knowledge_document order by id"));
        rows.put("chunks", jdbc.queryForList("select id, document_id, knowledge_base_id, tenant_id, ord, heading, text, "
                + "start_offset, end_offset, page, needs_embedding from knowledge_chunk order by id"));
        rows.put("vectors", jdbc.queryForList("select chunk_id, model, dims from knowledge_vector order by chunk_id"));
        rows.put("knowledge searches", jdbc.queryForList(
                "select * from knowledge_search order by event_id, knowledge_base_id"));
        // Searched here through the engine: a search through the API is recorded, and would add to what is compared.
        List<KnowledgeSearch.Base> hers = queries.searchable("acme", Api.subject(alice), List.of(knowledgeBase));
        rows.put("found", List.of(
                search.find(hers, "when do I cut back fruit trees?", 5, KnowledgeSearch.Mode.SEMANTIC),
                search.find(hers, "bees", 5, KnowledgeSearch.Mode.HYBRID)));
        return rows;
    }
}
