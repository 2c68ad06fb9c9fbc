package dev.colloquy.infra.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * What a person does on Colloquy's pages, in their words (sign in, send, switch branch), so the browser tests
 * read as the journeys they prove. Every wait is for something visible on the page.
 */
final class Screens {
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Browser browser;

    Screens(Browser browser) {
        this.browser = browser;
    }

    WebElement find(String css) {
        return browser.driver().findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return browser.driver().findElements(By.cssSelector(css));
    }

    void awaitShown(String css) {
        await().atMost(PATIENCE).ignoreExceptions().until(() -> find(css).isDisplayed());
    }

    /**
     * Opens the sign-in page with no sign-in kept. A sign-in an earlier test left in this browser is dropped first,
     * on a page of the same origin that runs no app (the app could store a refreshed token right after the clearing).
     */
    void signedOut() {
        browser.open("/favicon.svg");
        browser.script("localStorage.clear()");
        browser.open("/");
        awaitShown("#username");
    }

    /** Signs in afresh, as {@link #signedOut()} leaves the page. */
    void signIn(String username) {
        signedOut();
        find("#username").sendKeys(username);
        find("#password").sendKeys(Api.DEMO_PASSWORD, Keys.ENTER);
        await().atMost(PATIENCE).ignoreExceptions().until(() -> find("#sign-out").isDisplayed());
    }

    void signOut() {
        find("#sign-out").click();
        awaitShown("#username");
    }

    /** Starts a conversation with the model picked, and waits for it (not the one shown before) and its composer. */
    String startConversation(String model) {
        awaitShown("#model-picker option");
        String before = currentConversation();
        new Select(find("#model-picker")).selectByValue(model);
        find("#new-conversation").click();
        await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            String now = currentConversation();
            return now != null && !now.equals(before) && find("#composer-input").isDisplayed()
                    && find("#conversation-title").isDisplayed();
        });
        return currentConversation();
    }

    String currentConversation() {
        String hash = (String) browser.script("return location.hash");
        return hash.startsWith("#/c/") ? hash.substring(4).split("\\?")[0] : null;
    }

    /** Types into the composer and presses Enter, as a person sends. */
    void send(String text) {
        WebElement input = find("#composer-input");
        input.sendKeys(text);
        input.sendKeys(Keys.ENTER);
    }

    List<WebElement> messages() {
        return all("#messages > li.message");
    }

    WebElement lastReply() {
        List<WebElement> replies = all("#messages > li.message.assistant");
        return replies.get(replies.size() - 1);
    }

    String lastReplyText() {
        return lastReply().findElement(By.cssSelector(".content")).getText();
    }

    String lastReplyStatus() {
        return lastReply().getAttribute("data-status");
    }

    void awaitLastReply(String status, String text) {
        await().atMost(PATIENCE).ignoreExceptions()
                .until(() -> status.equals(lastReplyStatus()) && text.equals(lastReplyText()));
    }

    /** Sends a message to the scripted model and waits for its echo to complete. */
    void exchange(String text) {
        send(text);
        awaitLastReply("completed", "Echo: " + text);
    }

    void awaitLastReplyText(String text) {
        await().atMost(PATIENCE).ignoreExceptions().until(() -> text.equals(lastReplyText()));
    }

    void rename(String title) {
        find("#rename").click();
        WebElement field = find("#rename-input");
        field.clear();
        field.sendKeys(title, Keys.ENTER);
        await().atMost(PATIENCE).ignoreExceptions().until(() -> find("#conversation-title").getText().equals(title));
    }

    String branchPosition(WebElement message) {
        return message.findElement(By.cssSelector(".branch-position")).getText();
    }

    String focusedId() {
        return (String) browser.script("return document.activeElement && document.activeElement.id");
    }

    /** The classes of the focused element, to tell elements without an id apart. */
    String focusedClasses() {
        return (String) browser.script("return document.activeElement.className");
    }

    void reload() {
        browser.driver().navigate().refresh();
        await().atMost(PATIENCE).ignoreExceptions()
                .until(() -> "true".equals(browser.script("return document.body.dataset.ready")));
    }

    String notice() {
        WebElement notice = find("#notice");
        return notice.isDisplayed() ? notice.getText() : "";
    }
}
