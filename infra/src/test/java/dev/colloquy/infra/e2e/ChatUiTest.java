package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The chat in a real headless Chromium, through the app's own pages only: the journey of the issue (sign in, a
 * reply growing in steps, an edit that branches, switching branches, a fork, a reload that shows the same state),
 * and a connection cut in the middle of a reply. The browser reaches the app through {@link ConnectionCutter}.
 */
class ChatUiTest extends BrowserTest {
    private ConnectionCutter cutter;

    @BeforeEach
    void goThroughACutter() {
        cutter = ConnectionCutter.to(port);
        browser.useApp(cutter.port());
    }

    @AfterEach
    void closeTheCutter() {
        cutter.close();
    }

    @Test
    void aReplyStreamsInThenAnEditBranchesASwitchShowsTheOtherBranchAForkLinksBackAndAReloadKeepsItAll() {
        screens.signedOut();
        browser.screenshot("sign-in");
        screens.signIn("alice@acme.test");
        String conversation = screens.startConversation("scripted");
        assertThat(screens.focusedId()).as("the composer has the focus").isEqualTo("composer-input");

        screens.send("[steps] Tell me a story");

        // The reply grows on the page, step by step, while the model is still writing.
        screens.awaitLastReplyText("step1");
        assertThat(screens.lastReplyStatus()).isIn("requested", "streaming");
        assertThat(screens.find("#stop").isDisplayed()).as("Stop is offered while the reply streams").isTrue();
        browser.screenshot("chat-streaming");
        OPENAI.release();
        screens.awaitLastReplyText("step1 step2");
        assertThat(screens.lastReplyStatus()).isIn("requested", "streaming");
        OPENAI.release();
        screens.awaitLastReplyText("step1 step2 step3");
        assertThat(screens.lastReplyStatus()).isIn("requested", "streaming");
        OPENAI.release();
        screens.awaitLastReply("completed", "step1 step2 step3 done");
        assertThat(screens.find("#stop").isDisplayed()).isFalse();
        await().atMost(Screens.PATIENCE).until(() -> "composer-input".equals(screens.focusedId()));
        screens.rename("Story time");

        // Editing the question sends it as a sibling: a second branch, the first one kept.
        WebElement question = screens.messages().get(0);
        question.findElement(By.cssSelector(".edit")).click();
        WebElement edit = screens.find(".edit-input");
        edit.clear();
        edit.sendKeys("Tell me a poem instead", Keys.ENTER);
        screens.awaitLastReply("completed", "Echo: Tell me a poem instead");
        assertThat(texts()).containsExactly("Tell me a poem instead", "Echo: Tell me a poem instead");
        assertThat(screens.branchPosition(screens.messages().get(0))).isEqualTo("2/2");
        browser.screenshot("chat-branches");

        // ‹ goes back to the first branch, with its own reply.
        screens.messages().get(0).findElement(By.cssSelector(".branch-previous")).click();
        await().atMost(Screens.PATIENCE).ignoreExceptions()
                .until(() -> texts().equals(List.of("[steps] Tell me a story", "step1 step2 step3 done")));
        assertThat(screens.branchPosition(screens.messages().get(0))).isEqualTo("1/2");
        assertThat(screens.focusedClasses()).as("at 1/2 ‹ is disabled, so the focus stays on ›")
                .contains("branch-next");

        // The server holds the same tree.
        JsonNode tree = asAlice.tree(conversation);
        assertThat(tree.path("messages")).hasSize(4);

        // Fork from the first branch's reply: a new conversation that names its source.
        String reply = screens.lastReply().getAttribute("data-id");
        screens.lastReply().findElement(By.cssSelector(".fork")).click();
        await().atMost(Screens.PATIENCE).ignoreExceptions()
                .until(() -> !conversation.equals(screens.currentConversation())
                        && screens.find("#fork-origin").getText().equals("Story time"));
        String fork = screens.currentConversation();
        assertThat(texts()).containsExactly("[steps] Tell me a story", "step1 step2 step3 done");
        assertThat(asAlice.tree(fork).path("forkedFrom").path("conversationId").asText()).isEqualTo(conversation);
        browser.screenshot("chat-fork");

        screens.reload();
        await().atMost(Screens.PATIENCE).ignoreExceptions()
                .until(() -> screens.find("#fork-origin").getText().equals("Story time"));
        assertThat(screens.currentConversation()).isEqualTo(fork);
        assertThat(texts()).containsExactly("[steps] Tell me a story", "step1 step2 step3 done");

        // The link back shows the source on the branch the fork was taken from, and a reload keeps that branch.
        screens.find("#fork-origin").click();
        await().atMost(Screens.PATIENCE).ignoreExceptions()
                .until(() -> conversation.equals(screens.currentConversation())
                        && texts().equals(List.of("[steps] Tell me a story", "step1 step2 step3 done")));
        assertThat(screens.branchPosition(screens.messages().get(0))).isEqualTo("1/2");
        screens.reload();
        await().atMost(Screens.PATIENCE).ignoreExceptions()
                .until(() -> texts().equals(List.of("[steps] Tell me a story", "step1 step2 step3 done")));
        assertThat(screens.branchPosition(screens.messages().get(0))).isEqualTo("1/2");
        assertThat(screens.lastReply().getAttribute("data-id")).isEqualTo(reply);
        assertThat(screens.find("#conversation-title").getText()).isEqualTo("Story time");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aConnectionCutWhileTheReplyStreamsIsResumedWithoutLosingOrRepeatingText() {
        screens.signIn("alice@acme.test");
        String conversation = screens.startConversation("scripted");
        screens.send("[steps] Keep going");
        screens.awaitLastReplyText("step1");
        OPENAI.release();
        screens.awaitLastReplyText("step1 step2");

        cutter.cutAll();
        OPENAI.release();

        // The page reconnects with the last sequence it showed and picks up exactly where it broke off.
        screens.awaitLastReplyText("step1 step2 step3");
        OPENAI.release();
        screens.awaitLastReply("completed", "step1 step2 step3 done");
        String stored = asAlice.awaitEnded(screens.lastReply().getAttribute("data-id")).path("content").asText();
        assertThat(stored).isEqualTo("step1 step2 step3 done");
        assertThat(asAlice.tree(conversation).path("messages")).hasSize(2);
        assertThat(cutter.lastEventIds()).as("the stream was asked again from the last delta shown, not from the start")
                .isNotEmpty().allSatisfy(id -> assertThat(id).isPositive());
    }

    @Test
    void aReloadInTheMiddleOfAReplyFollowsItToItsEnd() {
        screens.signIn("alice@acme.test");
        screens.startConversation("scripted");
        screens.send("[steps] Survive a reload");
        screens.awaitLastReplyText("step1");

        screens.reload();
        screens.awaitLastReplyText("step1");
        OPENAI.release();
        OPENAI.release();
        OPENAI.release();

        screens.awaitLastReply("completed", "step1 step2 step3 done");
    }

    private List<String> texts() {
        return screens.messages().stream().map(m -> m.findElement(By.cssSelector(".content")).getText()).toList();
    }
}
