package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The chat's finer promises in a real headless Chromium: Markdown rendered without running anyone's HTML, the
 * keyboard and screen-reader contract, managing conversations, the model picker, the usage meter with its soft
 * warning, clear messages for 429 and 403, and both themes with readable contrast.
 */
class ChatUiDetailsTest extends BrowserTest {
    /** Every visible text element: its colour against the first opaque background behind it (WCAG 2 formula). */
    static final String CONTRAST = """
            const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
            const luminance = rgb => { const [r, g, b] = rgb.match(/[\\d.]+/g).map(Number);
              return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b); };
            const opaque = c => !/^rgba\\(.*,\\s*0\\)$/.test(c) && c !== 'transparent';
            const background = el => { for (; el; el = el.parentElement) {
                const c = getComputedStyle(el).backgroundColor; if (opaque(c)) return c; }
              return getComputedStyle(document.documentElement).backgroundColor; };
            const low = [];
            for (const el of document.querySelectorAll('body *')) {
              if (el.closest('[hidden]') || el.disabled || el.getClientRects().length === 0) continue;
              const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
              if (!own) continue;
              const f = luminance(getComputedStyle(el).color), b = luminance(background(el));
              const ratio = (Math.max(f, b) + 0.05) / (Math.min(f, b) + 0.05);
              if (ratio < 4.5) low.push(el.tagName + '.' + el.className + ' "' + el.textContent.trim().slice(0, 30)
                + '" ' + ratio.toFixed(2));
            }
            return low;
            """;

    @Test
    void aWrongPasswordIsSaidPlainlyTabsShareTheSignInAndSigningOutEndsItEverywhere() {
        screens.signedOut();
        screens.find("#username").sendKeys("alice@acme.test");
        screens.find("#password").sendKeys("not the password", Keys.ENTER);
        await().atMost(Screens.PATIENCE).until(() -> screens.find("#sign-in-error").getText()
                .equals("invalid username or password"));
        assertThat(screens.focusedId()).isEqualTo("password");
        assertThat(browser.script("const p = document.activeElement; "
                + "return p.selectionStart === 0 && p.selectionEnd === p.value.length && p.value.length > 0"))
                .as("the password is selected, to type it again").isEqualTo(true);

        screens.signIn("alice@acme.test");
        String first = browser.driver().getWindowHandle();
        // Two more tabs open at once and both resume the sign-in at the same time: their refreshes rotate the
        // shared token one after the other (a lock across tabs), so the server never sees a token used twice.
        browser.script("window.open('/'); window.open('/');");
        await().atMost(Screens.PATIENCE).until(() -> browser.driver().getWindowHandles().size() == 3);
        List<String> others = browser.driver().getWindowHandles().stream().filter(w -> !w.equals(first)).toList();
        for (String tab : others) {
            browser.driver().switchTo().window(tab);
            screens.awaitShown("#sign-out");
        }
        browser.driver().switchTo().window(first);
        screens.reload();
        screens.awaitShown("#sign-out");
        assertThat(screens.find("#whoami").getText()).isEqualTo("alice@acme.test · acme");
        String refreshToken = (String) browser.script("return localStorage.getItem('colloquy.refreshToken')");

        // Signing out in one tab signs out every tab.
        browser.driver().switchTo().window(others.get(0));
        screens.signOut();
        for (String tab : others) {
            browser.driver().switchTo().window(tab);
            browser.driver().close();
        }
        browser.driver().switchTo().window(first);
        screens.awaitShown("#username");
        assertThat(browser.script("return localStorage.getItem('colloquy.refreshToken')")).isNull();
        Api.Response refreshed = api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", refreshToken));
        assertThat(refreshed.status()).as("the session ended on the server too").isEqualTo(401);
    }

    @Test
    void forkingFromAQuestionForksAfterTheReplyBeforeItWithTheQuestionReadyToSend() {
        screens.signIn("alice@acme.test");
        String source = screens.startConversation("scripted");
        screens.exchange("first question");
        screens.exchange("second question");

        screens.messages().get(2).findElement(By.cssSelector(".fork")).click();

        await().atMost(Screens.PATIENCE).ignoreExceptions().until(() -> !source.equals(screens.currentConversation())
                && screens.messages().size() == 2);
        assertThat(screens.find("#composer-input").getAttribute("value")).isEqualTo("second question");
        assertThat(screens.messages().get(0).findElements(By.cssSelector(".fork")))
                .as("the first question has no reply before it to fork after").isEmpty();
        screens.find("#composer-input").sendKeys(Keys.ENTER);
        screens.awaitLastReply("completed", "Echo: second question");
        assertThat(screens.messages()).hasSize(4);

        // A fork taken at a question through the API ends in that unanswered question: the page sends beside it.
        String question = screens.messages().get(2).getAttribute("data-id");
        String apiFork = api.post("/api/v1/conversations/" + screens.currentConversation() + "/fork", alice,
                Map.of("messageId", question)).body().path("id").asText();
        browser.open("/#/c/" + apiFork);
        await().atMost(Screens.PATIENCE).ignoreExceptions().until(() -> apiFork.equals(screens.currentConversation())
                && screens.messages().size() == 3);
        screens.exchange("second question, asked again");
        assertThat(screens.branchPosition(screens.messages().get(2))).isEqualTo("2/2");
    }

    @Test
    void markdownIsRenderedButNoMarkupOrScriptFromAMessageRuns() {
        screens.signIn("alice@acme.test");
        screens.startConversation("scripted");
        screens.send("**bold** and `code` <img src=x onerror=\"document.title='pwned'\">"
                + "<script>document.title='pwned'</script> [link](javascript:document.title='pwned') <b>end</b>");
        await().atMost(Screens.PATIENCE).ignoreExceptions()
                .until(() -> "completed".equals(screens.lastReplyStatus()));

        for (WebElement message : screens.messages()) {
            WebElement content = message.findElement(By.cssSelector(".content"));
            assertThat(content.findElement(By.tagName("strong")).getText()).isEqualTo("bold");
            assertThat(content.findElement(By.tagName("code")).getText()).isEqualTo("code");
            assertThat(content.findElements(By.cssSelector("img, script, iframe, [onerror]"))).isEmpty();
            WebElement link = content.findElement(By.tagName("a"));
            assertThat(link.getText()).isEqualTo("link");
            assertThat(link.getAttribute("href")).as("the javascript: target is dropped, the text kept").isNull();
            assertThat(content.findElement(By.tagName("b")).getText()).as("harmless HTML stays").isEqualTo("end");
        }
        assertThat(browser.script("return document.title")).isEqualTo("Colloquy");
        // Chromium checks the onerror handler against the CSP while the sanitiser parses the text (in an inert
        // document, where it could not run anyway); the only errors allowed are the CSP's reports of blocking it.
        assertThat(browser.consoleErrors()).allSatisfy(line -> assertThat(line)
                .contains("violates the following Content Security Policy").contains("has been blocked"));
    }

    @Test
    void enterSendsShiftEnterAddsALineEscapeStopsAndFocusReturnsToTheInput() {
        screens.signIn("alice@acme.test");
        String conversation = screens.startConversation("scripted");
        WebElement log = screens.find("#messages");
        assertThat(log.getAttribute("role")).isEqualTo("log");
        assertThat(log.getAttribute("aria-live")).isEqualTo("polite");
        assertThat(screens.find("#composer-input").getAttribute("aria-label")).isEqualTo("Message");

        WebElement input = screens.find("#composer-input");
        input.sendKeys("[hold] first line", Keys.chord(Keys.SHIFT, Keys.ENTER), "second line");
        assertThat(input.getAttribute("value")).isEqualTo("[hold] first line\nsecond line");
        assertThat(screens.messages()).as("Shift+Enter sends nothing").isEmpty();

        input.sendKeys(Keys.ENTER);
        screens.awaitLastReplyText("part1 part2 part3");
        assertThat(screens.messages().get(0).findElement(By.cssSelector(".content")).getText())
                .isEqualTo("[hold] first line\nsecond line");
        assertThat(screens.lastReply().getAttribute("aria-busy")).isEqualTo("true");
        screens.find("#composer-input").sendKeys(Keys.ESCAPE);

        screens.awaitLastReply("cancelled", "part1 part2 part3");
        assertThat(screens.lastReply().findElement(By.cssSelector(".badge")).getText()).isEqualTo("stopped");
        assertThat(screens.lastReply().getAttribute("aria-busy")).isNull();
        assertThat(asAlice.tree(conversation).path("messages").get(1).path("status").asText()).isEqualTo("cancelled");

        // With the mouse: the buttons take the focus, and it comes back to the composer each time.
        screens.find("#composer-input").sendKeys("[hold] by mouse");
        screens.find("#send").click();
        screens.awaitLastReplyText("part1 part2 part3");
        await().atMost(Screens.PATIENCE).until(() -> "composer-input".equals(screens.focusedId()));
        screens.find("#stop").click();
        screens.awaitLastReply("cancelled", "part1 part2 part3");
        await().atMost(Screens.PATIENCE).until(() -> "composer-input".equals(screens.focusedId()));
        assertThat(screens.messages()).hasSize(4);
    }

    @Test
    void conversationsAreRenamedFoundDeletedAndRestored() {
        Member member = Member.ofAcme(api, Map.of());
        screens.signIn(member.username());
        String kept = screens.startConversation("simulator");
        screens.rename("Quarterly plan");
        String other = screens.startConversation("simulator");
        screens.rename("Holiday ideas");

        WebElement search = screens.find("#conversation-search");
        search.sendKeys("quarterly");
        await().atMost(Screens.PATIENCE).ignoreExceptions().until(() -> listed().equals(List.of("Quarterly plan")));
        search.clear();
        search.sendKeys(Keys.SPACE, Keys.BACK_SPACE);
        await().atMost(Screens.PATIENCE).ignoreExceptions()
                .until(() -> listed().equals(List.of("Holiday ideas", "Quarterly plan")));

        screens.find("#delete").click();
        await().atMost(Screens.PATIENCE).ignoreExceptions().until(() -> listed().equals(List.of("Quarterly plan")));
        assertThat(screens.notice()).contains("“Holiday ideas” was deleted.");
        assertThat(api.get("/api/v1/conversations/" + other, member.token()).status()).isEqualTo(404);

        screens.find("#restore").click();
        await().atMost(Screens.PATIENCE).ignoreExceptions()
                .until(() -> other.equals(screens.currentConversation())
                        && listed().equals(List.of("Holiday ideas", "Quarterly plan")));
        assertThat(screens.find("#conversation-title").getText()).isEqualTo("Holiday ideas");
        assertThat(member.conversations().tree(kept).path("title").asText()).isEqualTo("Quarterly plan");
    }

    @Test
    void theModelPickerOffersOnlyTheCallersModelsAndAGuestCannotFork() {
        String guest = api.login("guest@acme.test");
        List<String> allowed = api.get("/api/v1/models", guest).body().path("models").findValuesAsText("id");

        screens.signIn("guest@acme.test");
        screens.awaitShown("#model-picker option");
        assertThat(screens.all("#model-picker option")).extracting(o -> o.getAttribute("value"))
                .containsExactlyElementsOf(allowed);
        screens.startConversation(allowed.get(0));
        screens.send("hello from a guest");
        await().atMost(Screens.PATIENCE).ignoreExceptions()
                .until(() -> "completed".equals(screens.lastReplyStatus()));
        assertThat(screens.all(".fork")).as("guests may not fork").isEmpty();
        assertThat(screens.all(".edit")).hasSize(1);
    }

    @Test
    void theMeterWarnsNearTheLimitAndAQuotaRefusalSaysWhyAndRecordsNothing() {
        Member member = Member.ofAcme(api, Map.of("messagesPerDay", 2));
        screens.signIn(member.username());
        screens.awaitShown("#usage-meter .usage-item");
        String conversation = screens.startConversation("scripted");
        screens.exchange("one");
        screens.exchange("two");
        await().atMost(Screens.PATIENCE).ignoreExceptions().until(() -> screens.find("#usage-warning")
                .getText().startsWith("100% of your messages-per-day quota used"));
        browser.screenshot("chat-usage-warning");

        screens.send("three");

        await().atMost(Screens.PATIENCE).until(() -> screens.notice()
                .startsWith("Quota reached: your messages-per-day quota of 2 is used up until"));
        assertThat(screens.find("#composer-input").getAttribute("value")).as("the text is kept to send later")
                .isEqualTo("three");
        assertThat(member.conversations().tree(conversation).path("messages")).hasSize(4);
    }

    @Test
    void aSuspendedUserIsToldSoWhenSending() {
        Member member = Member.ofAcme(api, Map.of());
        screens.signIn(member.username());
        screens.startConversation("scripted");
        String ada = api.login("ada@acme.test");
        assertThat(api.post("/api/v1/admin/users/" + member.id() + "/suspend", ada, Map.of("reason", "spam"))
                .status()).isEqualTo(200);

        screens.send("am I still here?");

        await().atMost(Screens.PATIENCE).until(() -> screens.notice().startsWith("Your account is suspended"));
        assertThat(screens.messages()).isEmpty();
    }

    @Test
    void bothThemesKeepEveryTextAtAContrastOfAtLeast4Point5AndTheChoiceSurvivesAReload() {
        screens.signIn("alice@acme.test");
        screens.startConversation("scripted");
        screens.send("Themes: **bold**, `code` and a [link](https://example.org)");
        await().atMost(Screens.PATIENCE).ignoreExceptions()
                .until(() -> "completed".equals(screens.lastReplyStatus()));
        browser.script("localStorage.removeItem('colloquy.theme')");
        screens.reload();
        await().atMost(Screens.PATIENCE).ignoreExceptions().until(() -> screens.messages().size() == 2);
        assertThat(browser.script("return document.documentElement.dataset.theme")).isEqualTo("light");
        assertThat(browser.script(CONTRAST)).as("light theme").isEqualTo(List.of());
        browser.screenshot("chat-light");

        screens.find("#theme-toggle").click();
        assertThat(browser.script("return document.documentElement.dataset.theme")).isEqualTo("dark");
        assertThat(screens.find("#theme-toggle").getAttribute("aria-pressed")).isEqualTo("true");
        assertThat(browser.script(CONTRAST)).as("dark theme").isEqualTo(List.of());
        screens.reload();
        await().atMost(Screens.PATIENCE).ignoreExceptions().until(() -> screens.messages().size() == 2);
        assertThat(browser.script("return document.documentElement.dataset.theme")).isEqualTo("dark");
        browser.screenshot("chat-dark");
        screens.find("#theme-toggle").click();
    }

    private List<String> listed() {
        return screens.all("#conversation-list .conversation-title").stream().map(WebElement::getText).toList();
    }
}
