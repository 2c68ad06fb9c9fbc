package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Knowledge bases end to end with the real local embedding model on the real pgvector: every format a user
 * uploads is read, chunked, embedded and found again; what cannot be read says why.
 */
class KnowledgeTest extends EndToEndTest {
    @Autowired
    JdbcTemplate jdbc;
    Knowledge mine;

    @BeforeEach
    void knowledge() {
        mine = new Knowledge(api, alice);
    }

    @Test
    void aDocumentIsChunkedEmbeddedAndFoundByMeaningAndByWords() {
        String base = mine.create("Travel policy");
        String document = mine.add(base, "Expenses", """
                # Travel

                Employees book trains for trips under four hours. Flights need a manager's approval.

                # Meals

                The daily allowance for meals abroad is 45 euros, receipts required.
                """);

        JsonNode view = api.get("/api/v1/documents/" + document, alice).body();
        assertThat(view.path("chunkCount").asInt()).isEqualTo(2);
        assertThat(view.path("embeddedChunks").asInt()).isEqualTo(2);
        assertThat(view.path("mediaType").asText()).isEqualTo("text/markdown");
        assertThat(mine.search(base, "how much money do I get for food?", "semantic").getFirst())
                .contains("45 euros");
        assertThat(mine.search(base, "flights approval", "keyword").getFirst()).contains("manager's approval");
        assertThat(mine.search(base, "can I take the train?", null).getFirst()).contains("book trains");
        JsonNode hit = mine.searchResponse(base, "meal allowance", "hybrid", 1).body().path("results").get(0);
        assertThat(hit.path("heading").asText()).isEqualTo("Meals");
        assertThat(hit.path("rank").asInt()).isEqualTo(1);
        assertThat(hit.path("documentId").asText()).isEqualTo(document);
        JsonNode listed = api.get("/api/v1/knowledge-bases/" + base, alice).body();
        assertThat(listed.path("documentCount").asInt()).isEqualTo(1);
        assertThat(listed.path("chunkCount").asInt()).isEqualTo(2);
        assertThat(listed.path("embeddingModel").asText()).isEqualTo("all-minilm-l6-v2");
    }

    @Test
    void keywordSearchTakesAQuestionsWordsAsAnyOfThemRarestFirstAndAQuotedQueryAsWritten() {
        String base = mine.create("Travel rules");
        mine.add(base, "Travel", """
                # Flights

                Flights need a manager's approval before they are booked.

                # Meals

                Meals abroad are paid up to a daily allowance.

                # Receipts

                Receipts are scanned, receipts are sent to accounting, and lost receipts need a note.

                # Taxis

                Taxis are refunded against receipts.
                """);

        // Not every word of a question is in the passage that answers it ("abroad" is not): any of them match.
        assertThat(mine.search(base, "Who has to approve flights booked abroad?", "keyword").getFirst())
                .contains("manager's approval");
        // "receipts" is in two sections, three times in one of them; "allowance" once in one: the rarer word wins.
        assertThat(mine.search(base, "allowance receipts", "keyword").getFirst()).contains("daily allowance");
        assertThat(mine.search(base, "\"daily allowance\" -abroad", "keyword")).isEmpty();
        List<String> withoutTaxis = mine.search(base, "receipts -taxis", "keyword");
        assertThat(withoutTaxis).hasSize(1);
        assertThat(withoutTaxis.getFirst()).contains("accounting");
    }

    @Test
    void markdownHtmlPdfAndPlainTextFilesAreRead() throws IOException {
        String base = mine.create("Formats");
        String markdown = upload(base, "guide.md", "text/markdown",
                "# Setup\n\n- Install the **flux capacitor** first.\n- Then calibrate it.\n".getBytes(StandardCharsets.UTF_8));
        String html = upload(base, "page.html", "text/html", ("<html><head><title>Lighthouse notes</title>"
                + "<script>var secret = 'never indexed';</script></head><body><nav>Home | About</nav>"
                + "<h1>Keeper</h1><p>The lighthouse keeper winds the lamp at dusk.</p>"
                + "<table><tr><th>Day</th><th>Oil</th></tr><tr><td>Monday</td><td>3 litres</td></tr></table>"
                + "</body></html>").getBytes(StandardCharsets.UTF_8));
        String pdf = upload(base, "report.pdf", "application/pdf",
                pdf("The quarterly harvest of saffron rose by twelve percent.", "Page two mentions vanilla pods."));
        String text = upload(base, "notes.txt", "text/plain",
                "Plain notes about penguins.\r\n\r\nThey live in the southern hemisphere.".getBytes(StandardCharsets.UTF_8));

        assertThat(mine.awaitStatus(markdown, "ready").path("mediaType").asText()).isEqualTo("text/markdown");
        JsonNode page = mine.awaitStatus(html, "ready");
        assertThat(page.path("title").asText()).isEqualTo("Lighthouse notes");
        assertThat(page.path("mediaType").asText()).isEqualTo("text/html");
        assertThat(mine.awaitStatus(pdf, "ready").path("mediaType").asText()).isEqualTo("application/pdf");
        assertThat(mine.awaitStatus(text, "ready").path("mediaType").asText()).isEqualTo("text/plain");

        assertThat(mine.search(base, "flux capacitor", "keyword").getFirst()).contains("Install the flux capacitor");
        assertThat(mine.search(base, "oil on Monday", "keyword").getFirst()).contains("| Monday | 3 litres |");
        assertThat(mine.search(base, "secret", "keyword")).as("scripts are not text").isEmpty();
        assertThat(mine.search(base, "saffron harvest", null).getFirst()).contains("twelve percent");
        assertThat(jdbc.queryForObject("select page from knowledge_chunk where text like '%vanilla%'", Integer.class))
                .isEqualTo(2);
        assertThat(mine.search(base, "penguins", "keyword").getFirst()).contains("southern hemisphere");
    }

    @Test
    void theContentDecidesTheTypeNotTheNameOrTheHeader() {
        String base = mine.create("Sniffing");
        String disguised = upload(base, "really.pdf", "application/pdf",
                "<!doctype html><html><body><p>Hidden HTML about otters.</p></body></html>"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(mine.awaitStatus(disguised, "ready").path("mediaType").asText()).isEqualTo("text/html");

        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        Api.Response image = mine.upload(base, "notes.txt", "text/plain", png);
        assertThat(image.status()).isEqualTo(415);
        assertThat(image.body().path("error").path("code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        Api.Response empty = mine.upload(base, "blank.txt", "text/plain", "   \n\n ".getBytes(StandardCharsets.UTF_8));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(api.get("/api/v1/knowledge-bases/" + base + "/documents", alice).body().path("total").asInt())
                .as("refused files record nothing").isEqualTo(1);
    }

    @Test
    void anEncryptedOrBrokenPdfEndsFailedWithAReasonNeverA5xx() throws IOException {
        String base = mine.create("Bad PDFs");
        String locked = upload(base, "locked.pdf", "application/pdf", encryptedPdf());
        String broken = upload(base, "broken.pdf", "application/pdf",
                "%PDF-1.7\n1 0 obj << /Type /Catalog >> trailer".getBytes(StandardCharsets.US_ASCII));

        assertThat(mine.awaitStatus(locked, "failed").path("error").asText()).contains("encrypted");
        assertThat(mine.awaitStatus(broken, "failed").path("error").asText()).contains("cannot be read");
        assertThat(jdbc.queryForObject("select count(*) from knowledge_chunk where knowledge_base_id = ?",
                Long.class, base)).isZero();
    }

    private String upload(String base, String name, String type, byte[] content) {
        Api.Response uploaded = mine.upload(base, name, type, content);
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(202);
        return uploaded.body().path("id").asText();
    }

    /** A real PDF of one page per text, made with PDFBox. */
    static byte[] pdf(String... pages) throws IOException {
        try (PDDocument pdf = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String text : pages) {
                PDPage page = new PDPage();
                pdf.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    content.newLineAtOffset(72, 700);
                    content.showText(text);
                    content.endText();
                }
            }
            pdf.save(out);
            return out.toByteArray();
        }
    }

    private static byte[] encryptedPdf() throws IOException {
        try (PDDocument pdf = org.apache.pdfbox.Loader.loadPDF(pdf("Top secret recipe."));
             ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-pw", "user-pw", new AccessPermission());
            policy.setEncryptionKeyLength(128);
            pdf.protect(policy);
            pdf.save(out);
            return out.toByteArray();
        }
    }
}
