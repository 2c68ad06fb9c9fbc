package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Who may see and change which knowledge: private bases are their owner's alone, shared ones their tenant's;
 * another tenant's are 404 everywhere; deleting leaves no chunk or vector behind; a plan's limits hold.
 */
class KnowledgeAccessTest extends EndToEndTest {
    @Autowired
    JdbcTemplate jdbc;

    /** globex is on the free plan: small limits, to reach them in a test. */
    @DynamicPropertySource
    static void smallLimits(DynamicPropertyRegistry registry) {
        registry.add("colloquy.plans.definitions.free.knowledge.max-document-bytes", () -> "2000");
        registry.add("colloquy.plans.definitions.free.knowledge.documents", () -> "2");
        registry.add("colloquy.plans.definitions.free.knowledge.bytes", () -> "100000");
    }

    @Test
    void aPrivateKnowledgeBaseIsNotFoundByAnyoneButItsOwner() {
        Knowledge mine = new Knowledge(api, alice);
        String base = mine.create("Alice's notes");
        String document = mine.add(base, "Secret", "The vault code is kept in the blue folder.");
        String gus = api.login("gus@globex.test");
        String ada = api.login("ada@acme.test");

        for (String stranger : new String[] {gus, ada}) {
            assertThat(api.get("/api/v1/knowledge-bases/" + base, stranger).status()).isEqualTo(404);
            assertThat(api.get("/api/v1/knowledge-bases/" + base + "/documents", stranger).status()).isEqualTo(404);
            assertThat(api.get("/api/v1/documents/" + document, stranger).status()).isEqualTo(404);
            assertThat(new Knowledge(api, stranger).searchResponse(base, "vault code", null, 5).status())
                    .isEqualTo(404);
            assertThat(api.post("/api/v1/knowledge-bases/" + base + "/documents", stranger,
                    Map.of("title", "x", "text", "planted")).status()).isEqualTo(404);
            assertThat(api.delete("/api/v1/documents/" + document, stranger).status()).isEqualTo(404);
            assertThat(api.delete("/api/v1/knowledge-bases/" + base, stranger).status()).isEqualTo(404);
            assertThat(api.get("/api/v1/knowledge-bases", stranger).body().path("items").findValuesAsText("id"))
                    .doesNotContain(base);
        }
        assertThat(mine.search(base, "vault code", null)).hasSize(1);
    }

    @Test
    void aSharedKnowledgeBaseIsReadByTheTenantAndChangedOnlyByItsOwnerOrAnAdmin() {
        String ada = api.login("ada@acme.test");
        Knowledge admins = new Knowledge(api, ada);
        String shared = admins.create("Handbook", true);
        admins.add(shared, "Holidays", "Everyone gets twenty-five days of paid leave a year.");
        String guest = api.login("guest@acme.test");

        assertThat(new Knowledge(api, alice).search(shared, "paid leave", null).getFirst()).contains("twenty-five");
        assertThat(new Knowledge(api, guest).search(shared, "paid leave", null)).hasSize(1);
        assertThat(api.delete("/api/v1/knowledge-bases/" + shared, alice).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/knowledge-bases/" + shared + "/documents", alice,
                Map.of("title", "x", "text", "not hers to add")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/knowledge-bases/" + shared, api.login("gus@globex.test")).status())
                .isEqualTo(404);
        // Sharing is an admin's decision; a guest keeps no knowledge of their own.
        assertThat(api.post("/api/v1/knowledge-bases", alice, Map.of("name", "mine", "shared", true)).status())
                .isEqualTo(403);
        assertThat(api.post("/api/v1/knowledge-bases", guest, Map.of("name", "mine")).status()).isEqualTo(403);
        assertThat(api.patch("/api/v1/knowledge-bases/" + shared, ada, Map.of("name", "Staff handbook"))
                .body().path("name").asText()).isEqualTo("Staff handbook");
    }

    @Test
    void deletingADocumentOrABaseLeavesNoChunkNorVectorBehind() {
        Knowledge mine = new Knowledge(api, alice);
        String base = mine.create("Short-lived");
        String first = mine.add(base, "One", "Owls hunt at night.");
        String second = mine.add(base, "Two", "Larks sing at dawn.");

        assertThat(api.delete("/api/v1/documents/" + first, alice).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/documents/" + first, alice).status()).isEqualTo(404);
        assertThat(count("knowledge_chunk where document_id = ?", first)).isZero();
        assertThat(count("knowledge_vector where chunk_id like ?", first + "%")).isZero();
        assertThat(mine.search(base, "owls", "keyword")).isEmpty();
        assertThat(api.get("/api/v1/knowledge-bases/" + base, alice).body().path("documentCount").asInt())
                .isEqualTo(1);

        assertThat(api.delete("/api/v1/knowledge-bases/" + base, alice).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/knowledge-bases/" + base, alice).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/documents/" + second, alice).status()).isEqualTo(404);
        assertThat(count("knowledge_chunk where knowledge_base_id = ?", base)).isZero();
        assertThat(count("knowledge_vector where knowledge_base_id = ?", base)).isZero();
        assertThat(count("knowledge_holding where knowledge_base_id = ?", base)).as("the tenant's room back").isZero();
    }

    @Test
    void aPlansFileSizeAndDocumentLimitsAnswer413And429AndRecordNothing() {
        String gus = api.login("gus@globex.test");
        Knowledge his = new Knowledge(api, gus);
        String base = his.create("Globex");
        Api.Response tooLarge = his.upload(base, "big.txt", "text/plain",
                "x ".repeat(1500).getBytes(StandardCharsets.UTF_8));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.body().path("error").path("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");

        his.add(base, "One", "First of two.");
        his.add(base, "Two", "Second of two.");
        Api.Response full = api.post("/api/v1/knowledge-bases/" + base + "/documents", gus,
                Map.of("title", "Three", "text", "One too many."));
        assertThat(full.status()).isEqualTo(429);
        assertThat(full.body().path("error").path("code").asText()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(full.body().path("error").path("details").path("limit").asText()).isEqualTo("knowledge-documents");
        assertThat(api.get("/api/v1/knowledge-bases/" + base + "/documents", gus).body().path("total").asInt())
                .isEqualTo(2);
    }

    @Test
    void badRequestsAreRefusedInTheEnvelope() {
        Knowledge mine = new Knowledge(api, alice);
        String base = mine.create("Checks");
        assertThat(api.post("/api/v1/knowledge-bases", alice, Map.of("name", " ")).status()).isEqualTo(400);
        assertThat(api.post("/api/v1/knowledge-bases", alice, Map.of("name", "x", "embeddingModel", "nope"))
                .status()).isEqualTo(400);
        assertThat(api.post("/api/v1/knowledge-bases/" + base + "/documents", alice, Map.of("title", "t", "text", ""))
                .status()).isEqualTo(400);
        assertThat(mine.searchResponse(base, "q", null, 51).status()).isEqualTo(400);
        assertThat(mine.searchResponse(base, "q", "fuzzy", 5).status()).isEqualTo(400);
        assertThat(mine.searchResponse(base, " ", null, 5).body().path("error").path("code").asText())
                .isEqualTo("VALIDATION_ERROR");
        assertThat(api.get("/api/v1/knowledge-bases/" + base + "/documents", alice).body().path("total").asInt())
                .isZero();
    }

    @Test
    void anErasedUsersDocumentsAndPrivateBasesAreGoneAndTheirTextWasNeverStoredPlain() {
        Member pat = Member.ofAcme(api, Map.of());
        Knowledge theirs = new Knowledge(api, pat.token());
        String base = theirs.create("Pat's diary");
        String secret = "Pat keeps the spare key under the third flowerpot " + UUID.randomUUID();
        theirs.add(base, "Diary", secret);
        theirs.search(base, "where is the spare key?", null);
        assertThat(count("domainevententry where position(convert_to(?, 'UTF8') in payload) > 0", secret))
                .as("the events hold the text encrypted").isZero();

        String erasure = api.post("/api/v1/privacy/erasure", pat.token(), null).body().path("requestId").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select status from erasure_request where request_id = ?", String.class, erasure),
                "COMPLETED"::equals);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("knowledge_base where owner_id = ?", pat.id()) == 0);
        assertThat(count("knowledge_document where added_by = ?", pat.id())).isZero();
        assertThat(count("knowledge_chunk where knowledge_base_id = ?", base)).isZero();
        assertThat(count("knowledge_vector where knowledge_base_id = ?", base)).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("knowledge_search where knowledge_base_id = ? and query is null", base) == 1);
        assertThat(count("knowledge_search where searcher_id = ?", pat.id()))
                .as("the search stays on the record, under the pseudonym").isZero();
    }

    private long count(String from, String id) {
        return jdbc.queryForObject("select count(*) from " + from, Long.class, id);
    }
}
