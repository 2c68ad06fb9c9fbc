package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The admin console in a real headless Chromium: usage with its chart and the billing export, abuse signals with
 * suspend and reinstate, and the audit view (timeline, chain verdict, and the time-travel slider moved by keys).
 */
class AdminConsoleTest extends BrowserTest {
    @Test
    void aTenantAdminSeesUsageByDayUserAndModelAsAChartAndDownloadsTheBillingExport() throws IOException {
        String conversation = asAlice.start("scripted", null);
        asAlice.exchange(conversation, "usage for the chart", null);
        String ada = api.login("ada@acme.test");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        await().atMost(Screens.PATIENCE).until(() -> api.get("/api/v1/admin/usage?groupBy=model&from=" + today
                + "&to=" + today, ada).body().path("rows").findValuesAsText("group").contains("scripted"));

        screens.signIn("ada@acme.test");
        browser.open("/#/admin/usage");
        await().atMost(Screens.PATIENCE).ignoreExceptions()
                .until(() -> !screens.all("#usage-chart rect").isEmpty());
        assertThat(rowLabels()).contains(today);

        new Select(screens.find("#usage-group")).selectByValue("user");
        await().atMost(Screens.PATIENCE).ignoreExceptions()
                .until(() -> rowLabels().contains("alice@acme.test"));
        new Select(screens.find("#usage-group")).selectByValue("model");
        await().atMost(Screens.PATIENCE).ignoreExceptions().until(() -> rowLabels().contains("scripted"));
        assertThat(screens.all("#usage-chart rect")).hasSameSizeAs(screens.all("#usage-table tbody tr"));
        browser.screenshot("admin-usage");

        String month = today.substring(0, 7);
        Path file = Browser.DOWNLOADS.resolve("colloquy-billing-" + month + ".csv");
        Files.deleteIfExists(file);
        screens.find("#billing-download").click();
        await().atMost(Screens.PATIENCE).until(() -> screens.find("#billing-status").getText()
                .equals("Downloaded colloquy-billing-" + month + ".csv."));
        await().atMost(Screens.PATIENCE).until(() -> Files.exists(file));
        assertThat(Files.readString(file)).as("the file saved is the export the API serves")
                .isEqualTo(api.get("/api/v1/admin/billing/export?month=" + month, ada).body().asText());
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aPlatformAdminPicksTheTenantWhoseUsageTheySee() {
        asAlice.exchange(asAlice.start("scripted", null), "usage of acme for the platform", null);
        String root = api.login("root@colloquy.test");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        await().atMost(Screens.PATIENCE).until(() -> api.get("/api/v1/admin/usage?groupBy=model&tenantId=acme&from="
                + today + "&to=" + today, root).body().path("rows").findValuesAsText("group").contains("scripted"));

        screens.signIn("root@colloquy.test");
        assertThat(screens.all(".tabs a")).extracting(WebElement::getText).containsExactly("Usage", "Abuse signals");
        browser.open("/#/admin/usage");
        screens.awaitShown("#usage-tenant");
        assertThat(new Select(screens.find("#usage-tenant")).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("platform");
        new Select(screens.find("#usage-group")).selectByValue("model");
        new Select(screens.find("#usage-tenant")).selectByValue("acme");

        await().atMost(Screens.PATIENCE).ignoreExceptions().until(() -> rowLabels().contains("scripted")
                && screens.find("#usage-table caption").getText().equals("Usage of acme by model"));
    }

    @Test
    void aTenantAdminSuspendsAUserFromTheAbuseSignalsAndReinstatesThem() {
        Member member = Member.ofAcme(api, Map.of());
        String chat = member.conversations().start("scripted", null);
        for (int i = 0; i < 4; i++) {
            member.conversations().exchange(chat, "Claim your prize at prize.example.test now!", null);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(api.post("/api/v1/auth/token", null, Map.of("username", member.username(), "password",
                    "not-" + Api.DEMO_PASSWORD)).status()).isEqualTo(401);
        }
        String ada = api.login("ada@acme.test");
        // Both signals projected in full (the projection is asynchronous), so the score can only decay from here.
        JsonNode signals = await().atMost(Screens.PATIENCE).until(() -> api.abuseSignalsOf(ada, member.id(), 1),
                user -> user != null && user.path("reasons").findValuesAsText("detail").containsAll(
                        List.of("4 identical messages within 10 min", "2 failed sign-ins within 1 h")));

        screens.signIn("ada@acme.test");
        browser.open("/#/admin/abuse");
        String row = "#abuse-table tr[data-user='" + member.id() + "']";
        await().atMost(Screens.PATIENCE).ignoreExceptions()
                .until(() -> screens.find(row + " th").getText().equals(member.username()));
        assertThat(Integer.parseInt(screens.find(row + " .score").getText())).as("the score, which decays").isPositive()
                .isLessThanOrEqualTo(signals.path("score").asInt());
        assertThat(screens.all(row + " .reasons li")).extracting(WebElement::getText)
                .allSatisfy(reason -> assertThat(reason).matches("[a-z-]+ \\(\\+\\d+\\).*"))
                .hasSize(signals.path("reasons").size());

        screens.find(row + " input.reason").sendKeys("posting spam");
        screens.find(row + " button.suspend").click();
        await().atMost(Screens.PATIENCE).ignoreExceptions()
                .until(() -> screens.find(row + " .restriction").getText().startsWith("suspended"));
        assertThat(screens.find(row + " .restriction").getText()).endsWith("posting spam");
        Api.Response refused = api.post("/api/v1/conversations", member.token(), Map.of());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorCode()).isEqualTo("ACCOUNT_SUSPENDED");
        browser.screenshot("admin-abuse");

        screens.find(row + " button.reinstate").click();
        await().atMost(Screens.PATIENCE).ignoreExceptions()
                .until(() -> screens.find(row + " .restriction").getText().equals("none"));
        assertThat(api.post("/api/v1/conversations", member.token(), Map.of()).status()).isEqualTo(201);
    }

    @Test
    void anAuditorFindsAConversationSeesItsVerifiedTimelineAndMovesThroughItsHistoryWithTheSlider() {
        String title = "Audited " + UUID.randomUUID().toString().substring(0, 8);
        String conversation = asAlice.start("scripted", null);
        api.patch("/api/v1/conversations/" + conversation, alice, Map.of("title", title));
        asAlice.exchange(conversation, "first question", null);
        asAlice.exchange(conversation, "second question", null);
        String ada = api.login("ada@acme.test");
        int events = api.get("/api/v1/audit/conversations/" + conversation + "/verify", ada).body().path("events")
                .asInt();

        screens.signIn("audrey@acme.test");
        assertThat(screens.find("#nav-chat").isDisplayed()).as("an auditor does not chat").isFalse();
        assertThat(screens.all(".tabs a")).extracting(WebElement::getText).containsExactly("Audit");
        WebElement search = screens.find("#audit-search");
        search.sendKeys(title, Keys.ENTER);
        await().atMost(Screens.PATIENCE).ignoreExceptions()
                .until(() -> screens.find("#audit-table caption").getText().startsWith("1 of 1 conversation ")
                        && screens.all("#audit-table tbody tr").size() == 1
                        && screens.find("#audit-conversations tr[data-id='" + conversation + "'] a").isDisplayed());
        browser.screenshot("admin-audit-search");
        screens.find("#audit-conversations tr[data-id='" + conversation + "'] a").click();

        await().atMost(Screens.PATIENCE).ignoreExceptions()
                .until(() -> screens.find("#chain-verdict").getText()
                        .equals("Hash chain verified: all " + events + " events are intact."));
        assertThat(screens.all("#audit-timeline li")).hasSize(events);
        await().atMost(Screens.PATIENCE).ignoreExceptions().until(() -> stateMessages() == 4);

        int positions = 1;
        WebElement slider = screens.find("#audit-slider");
        slider.sendKeys(Keys.HOME);
        positions++;
        await().atMost(Screens.PATIENCE).ignoreExceptions().until(() -> stateSequence() == 0);
        assertThat(stateMessages()).as("the conversation as it was started").isZero();
        assertThat(screens.find("#audit-point").getText()).startsWith("Event 1 of " + events);

        // Step forward until the first question is there: the tree grows with the history, never ahead of it.
        int previous = 0;
        while (stateMessages() < 1) {
            long at = stateSequence();
            slider.sendKeys(Keys.ARROW_RIGHT);
            positions++;
            await().atMost(Screens.PATIENCE).ignoreExceptions().until(() -> stateSequence() == at + 1);
            assertThat(stateMessages()).isGreaterThanOrEqualTo(previous);
            previous = stateMessages();
        }
        assertThat(screens.find("#audit-state").getText()).contains("first question")
                .doesNotContain("second question");
        browser.screenshot("admin-audit");

        slider.sendKeys(Keys.END);
        positions++;
        await().atMost(Screens.PATIENCE).ignoreExceptions().until(() -> stateMessages() == 4);
        assertThat(screens.find("#audit-state").getText()).contains("second question");

        // Each position shown was read from the API, and every one of those reads is on record as audrey's.
        String audrey = Api.subject(api.login("audrey@acme.test"));
        int shown = positions;
        await().atMost(Screens.PATIENCE).untilAsserted(() -> {
            List<String> views = new ArrayList<>();
            for (JsonNode access : api.get("/api/v1/audit/accesses?conversationId=" + conversation, ada).body()
                    .path("accesses")) {
                if (access.path("viewerId").asText().equals(audrey)) {
                    views.add(access.path("view").asText());
                }
            }
            assertThat(views).contains("events", "verify");
            assertThat(views.stream().filter("state"::equals).count()).isGreaterThanOrEqualTo(shown);
        });
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void anotherTenantsConversationIsNotFoundInTheAuditView() {
        String foreign = new Conversations(api, api.login("gus@globex.test")).start("simulator", null);

        screens.signIn("ada@acme.test");
        browser.open("/#/admin/audit/" + foreign);

        await().atMost(Screens.PATIENCE).ignoreExceptions().until(() -> screens.find("#audit-view").getText()
                .equals("No conversation of your organisation has this id."));
        assertThat(screens.all("#audit-timeline")).isEmpty();
    }

    private List<String> rowLabels() {
        return screens.all("#usage-table tbody th").stream().map(WebElement::getText).toList();
    }

    private int stateMessages() {
        return Integer.parseInt(screens.find("#audit-state").getAttribute("data-messages"));
    }

    private long stateSequence() {
        return Long.parseLong(screens.find("#audit-state").getAttribute("data-sequence"));
    }
}
