package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Knowledge in a real headless Chromium: the Knowledge page (a base created, files uploaded through the file
 * input and followed until ready or failed, text pasted, a search with its words marked, a document deleted after
 * a confirm), the composer's knowledge picker, and a reply's citations as footnotes that open the cited passage.
 */
class KnowledgeUiTest extends BrowserTest {
    /** Reading and embedding a document runs in the background; on a busy machine it takes a while. */
    private static final Duration INGESTION = Duration.ofSeconds(90);

    @TempDir
    Path files;

    @Test
    void aBaseIsCreatedItsFilesAreFollowedUntilReadyOrFailedSearchedAndADocumentDeletedAfterAConfirm()
            throws IOException {
        screens.signIn("alice@acme.test");
        screens.find("#nav-knowledge").click();
        screens.awaitShown("#kb-name");
        assertThat(screens.all("#kb-shared")).as("only a tenant admin may share a base").isEmpty();
        String name = "Garden notes " + UUID.randomUUID().toString().substring(0, 8);
        screens.find("#kb-name").sendKeys(name);
        screens.find("#kb-description").sendKeys("What grows where, and when");
        screens.find("#kb-create").click();
        await().atMost(Screens.PATIENCE).ignoreExceptions()
                .until(() -> screens.find("#kb-title").getText().equals(name));
        assertThat(screens.find("#kb-list a[aria-current]").getText()).contains(name);
        assertThat(screens.find("#documents").getText()).isEqualTo("No documents yet.");

        Path guide = Files.writeString(files.resolve("tomatoes.md"), """
                # Tomatoes

                Tomatoes need six hours of sun and deep watering twice a week.

                ## Pruning

                Pinch out the side shoots that grow between the stem and a branch.
                """);
        Path broken = Files.writeString(files.resolve("broken.pdf"), "%PDF-1.7\n1 0 obj << /Type /Catalog >> trailer",
                StandardCharsets.US_ASCII);
        Path image = Files.write(files.resolve("photo.txt"),
                new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'});
        screens.find("#kb-files").sendKeys(guide + "\n" + broken + "\n" + image);

        // What the server refuses outright stays as a row saying why; what it accepts is followed in the table.
        await().atMost(Screens.PATIENCE).ignoreExceptions().until(() -> screens.find("#uploads .upload.failed")
                .getText().contains("photo.txt") && screens.find("#uploads .upload.failed").getText()
                .contains("Not added: this file is neither text, Markdown, HTML nor PDF"));
        // The browser logs every refused request on the console; this refusal is the one expected.
        assertThat(browser.consoleErrors()).singleElement().asString().contains("status of 415");
        await().atMost(INGESTION).ignoreExceptions().until(() -> "ready".equals(status("tomatoes"))
                && "failed".equals(status("broken")));
        assertThat(row("tomatoes").getText()).contains("ready");
        assertThat(Integer.parseInt(cell(row("tomatoes"), 3))).isPositive();
        assertThat(cell(row("tomatoes"), 4)).endsWith(" B");
        assertThat(row("broken").findElement(By.cssSelector(".document-error")).getText()).contains("cannot be read");
        await().atMost(Screens.PATIENCE).ignoreExceptions()
                .until(() -> screens.find("#kb-meta").getText().startsWith("2 documents"));
        assertThat(screens.find("#kb-list a[aria-current]").getText()).contains("2 documents");

        screens.find("summary").click();
        screens.find("#paste-title").sendKeys("Roses");
        screens.find("#paste-text").sendKeys("Roses are pruned in late winter, just above an outward-facing bud.");
        screens.find("#paste-add").click();
        await().atMost(INGESTION).ignoreExceptions().until(() -> "ready".equals(status("Roses")));

        new Select(screens.find("#kb-search-mode")).selectByValue("keyword");
        screens.find("#kb-search-query").sendKeys("deep watering", Keys.ENTER);
        await().atMost(Screens.PATIENCE).ignoreExceptions()
                .until(() -> !screens.all("#search-results .passage").isEmpty());
        WebElement best = screens.all("#search-results .passage").get(0);
        assertThat(best.findElement(By.cssSelector(".passage-title")).getText()).isEqualTo("tomatoes");
        assertThat(best.getText()).contains("rank 1", "Tomatoes need six hours of sun and deep watering");
        assertThat(best.findElements(By.cssSelector("mark")).stream().map(WebElement::getText).toList())
                .containsExactly("deep", "watering");
        assertReadableInBothThemes();
        browser.screenshot("knowledge");

        // Esc (or Cancel) keeps the document; only the dialog's own Delete deletes it.
        row("broken").findElement(By.cssSelector(".delete-document")).click();
        screens.awaitShown("#confirm-dialog");
        assertThat(screens.find("#confirm-dialog").getText()).contains("Delete “broken”?");
        assertThat(browser.script("return document.activeElement.textContent")).isEqualTo("Cancel");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
        await().atMost(Screens.PATIENCE).until(() -> screens.all("#confirm-dialog").isEmpty());
        assertThat(status("broken")).isEqualTo("failed");
        row("broken").findElement(By.cssSelector(".delete-document")).click();
        screens.awaitShown("#confirm-action");
        screens.find("#confirm-action").click();
        await().atMost(Screens.PATIENCE).ignoreExceptions().until(() -> titles().equals(List.of("Roses", "tomatoes"))
                || titles().equals(List.of("tomatoes", "Roses")));
        String base = ((String) browser.script("return location.hash")).substring("#/knowledge/".length());
        assertThat(api.get("/api/v1/knowledge-bases/" + base + "/documents", alice).body().path("total").asInt())
                .isEqualTo(2);

        screens.find("#kb-delete").click();
        screens.awaitShown("#confirm-action");
        assertThat(screens.find("#confirm-dialog").getText()).contains("Delete “" + name + "”?", "2 documents");
        screens.find("#confirm-action").click();
        await().atMost(Screens.PATIENCE).ignoreExceptions().until(() -> "#/knowledge".equals(
                browser.script("return location.hash")) && !screens.find("#kb-list").getText().contains(name));
        assertThat(screens.notice()).contains("“" + name + "” was deleted.");
        assertThat(api.get("/api/v1/knowledge-bases/" + base, alice).status()).isEqualTo(404);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aConversationChoosesTheBaseInItsComposerAndItsReplyCitesItAsFootnotesThatOpenThePassage() {
        Knowledge mine = new Knowledge(api, alice);
        String name = "Kitchen garden " + UUID.randomUUID().toString().substring(0, 8);
        String base = mine.create(name);
        mine.add(base, "Watering", "Tomatoes need six hours of sun and deep watering twice a week.");
        screens.signIn("alice@acme.test");
        String conversation = screens.startConversation("simulator");
        assertThat(screens.find("#knowledge-picker-toggle").getText()).isEqualTo("Knowledge (0)");

        screens.find("#knowledge-picker-toggle").click();
        screens.awaitShown("#knowledge-picker input[value='" + base + "']");
        assertThat(screens.find("#knowledge-picker").getText()).contains(name);
        screens.find("#knowledge-picker input[value='" + base + "']").click();
        await().atMost(Screens.PATIENCE).until(() -> screens.find("#knowledge-picker-toggle").getText()
                .equals("Knowledge (1)"));
        assertThat(asAlice.tree(conversation).path("knowledgeBaseIds").toString()).isEqualTo("[\"" + base + "\"]");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
        assertThat(screens.find("#knowledge-picker").isDisplayed()).isFalse();
        assertThat(screens.focusedId()).isEqualTo("knowledge-picker-toggle");

        screens.send("How often should tomatoes be watered?");
        await().atMost(Screens.PATIENCE).ignoreExceptions().until(() -> "completed".equals(screens.lastReplyStatus())
                && !screens.lastReply().findElements(By.cssSelector(".cite")).isEmpty());
        WebElement footnote = screens.lastReply().findElement(By.cssSelector("sup .cite"));
        assertThat(footnote.getText()).isEqualTo("[1]");
        assertThat(footnote.getAttribute("aria-label")).isEqualTo("Source 1: Watering");
        assertThat(screens.lastReply().findElement(By.cssSelector(".sources")).getText()).isEqualTo("Watering");

        footnote.click();
        screens.awaitShown("#passage");
        assertThat(screens.find("#passage h2").getText()).isEqualTo("[1] Watering");
        assertThat(screens.find("#passage .passage-text").getText()).contains("deep watering twice a week");
        assertThat(screens.find("#passage").getText()).contains("Relevance score");
        assertReadableInBothThemes();
        browser.screenshot("chat-citations");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
        await().atMost(Screens.PATIENCE).until(() -> screens.all("#passage").isEmpty());
        assertThat(screens.focusedClasses()).as("the focus is back on the footnote").contains("cite");

        // After a reload the citations come from the stored conversation, not from the stream.
        screens.reload();
        await().atMost(Screens.PATIENCE).ignoreExceptions()
                .until(() -> screens.lastReply().findElement(By.cssSelector("sup .cite")).getText().equals("[1]"));
        screens.lastReply().findElement(By.cssSelector(".sources .source")).click();
        screens.awaitShown("#passage");
        assertThat(screens.find("#passage .passage-text").getText()).contains("deep watering twice a week");
        screens.find("#passage a").click();
        await().atMost(Screens.PATIENCE).ignoreExceptions()
                .until(() -> screens.find("#kb-title").getText().startsWith(name));
        assertThat(screens.all("#passage")).isEmpty();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    /** The stream's citations event comes before the text: the sources are listed while the reply is written. */
    @Test
    void theSourcesAreListedWhileTheReplyIsStillBeingWritten() {
        Knowledge mine = new Knowledge(api, alice);
        String base = mine.create("Live sources " + UUID.randomUUID().toString().substring(0, 8));
        mine.add(base, "Watering", "Tomatoes need six hours of sun and deep watering twice a week.");
        screens.signIn("alice@acme.test");
        String conversation = screens.startConversation("scripted");
        assertThat(api.patch("/api/v1/conversations/" + conversation, alice,
                Map.of("knowledgeBaseIds", List.of(base))).status()).isEqualTo(200);

        screens.send("[steps] How often should tomatoes be watered?");
        await().atMost(Screens.PATIENCE).ignoreExceptions().until(() -> screens.lastReply()
                .findElement(By.cssSelector(".sources")).getText().equals("Watering")
                && screens.lastReplyText().startsWith("step1"));
        assertThat(screens.lastReplyStatus()).isIn("requested", "streaming");
        for (int step = 0; step < 3; step++) {
            OPENAI.release();
        }
        await().atMost(Screens.PATIENCE).ignoreExceptions().until(() -> "completed".equals(screens.lastReplyStatus())
                && screens.lastReplyText().startsWith("step1 step2 step3 done"));
        assertThat(screens.lastReply().findElement(By.cssSelector(".sources")).getText()).isEqualTo("Watering");
    }

    @Test
    void knowledgeChosenBeforeStartingGoesWithTheNewConversationAndUncheckingItThereDetachesIt() {
        String base = new Knowledge(api, alice).create("Chosen first " + UUID.randomUUID().toString().substring(0, 8));
        screens.signIn("alice@acme.test");
        screens.awaitShown("#start-knowledge-toggle");
        screens.find("#start-knowledge-toggle").click();
        screens.awaitShown("#start-knowledge input[value='" + base + "']");
        screens.find("#start-knowledge input[value='" + base + "']").click();
        await().atMost(Screens.PATIENCE).until(() -> screens.find("#start-knowledge-toggle").getText()
                .equals("Knowledge (1)"));
        browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
        String conversation = screens.startConversation("simulator");
        assertThat(asAlice.tree(conversation).path("knowledgeBaseIds").toString()).isEqualTo("[\"" + base + "\"]");
        assertThat(screens.find("#knowledge-picker-toggle").getText()).isEqualTo("Knowledge (1)");

        screens.find("#knowledge-picker-toggle").click();
        screens.awaitShown("#knowledge-picker input[value='" + base + "']");
        WebElement box = screens.find("#knowledge-picker input[value='" + base + "']");
        assertThat(box.isSelected()).isTrue();
        box.click();
        await().atMost(Screens.PATIENCE).until(() -> screens.find("#knowledge-picker-toggle").getText()
                .equals("Knowledge (0)"));
        JsonNode tree = asAlice.tree(conversation);
        assertThat(tree.path("knowledgeBaseIds").size()).isZero();
    }

    @Test
    void onlyATenantAdminSharesABase() {
        screens.signIn("ada@acme.test");
        screens.find("#nav-knowledge").click();
        screens.awaitShown("#kb-shared");
        String name = "Handbook " + UUID.randomUUID().toString().substring(0, 8);
        screens.find("#kb-name").sendKeys(name);
        screens.find("#kb-shared").click();
        screens.find("#kb-create").click();
        await().atMost(Screens.PATIENCE).ignoreExceptions()
                .until(() -> screens.find("#kb-title").getText().equals(name + " shared"));
        assertThat(screens.find("#kb-list a[aria-current] .badge").getText()).isEqualTo("shared");
        screens.find("#kb-search-query").sendKeys("anything", Keys.ENTER);
        await().atMost(Screens.PATIENCE).ignoreExceptions()
                .until(() -> screens.find("#search-results").getText().equals("No passage matches."));
    }

    /** Every text at a contrast of at least 4.5:1, in the light theme and then the dark one; ends light. */
    private void assertReadableInBothThemes() {
        assertThat(browser.script("return document.documentElement.dataset.theme")).isEqualTo("light");
        assertThat(browser.script(ChatUiDetailsTest.CONTRAST)).as("light theme").isEqualTo(List.of());
        browser.script("document.getElementById('theme-toggle').click()");
        assertThat(browser.script(ChatUiDetailsTest.CONTRAST)).as("dark theme").isEqualTo(List.of());
        browser.script("document.getElementById('theme-toggle').click()");
    }

    private List<WebElement> rows() {
        return screens.all("#documents tbody tr");
    }

    private WebElement row(String title) {
        return rows().stream().filter(r -> r.findElement(By.cssSelector(".document-title")).getText().equals(title))
                .findFirst().orElseThrow(() -> new AssertionError("no document " + title));
    }

    private String status(String title) {
        return row(title).getAttribute("data-status");
    }

    private static String cell(WebElement row, int column) {
        return row.findElements(By.tagName("td")).get(column - 1).getText();
    }

    private List<String> titles() {
        return rows().stream().map(r -> r.findElement(By.cssSelector(".document-title")).getText()).toList();
    }
}
