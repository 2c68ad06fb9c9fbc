package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.colloquy.kernel.usage.UsageRecorded;
import dev.colloquy.projections.replay.ProjectionReplay;
import dev.colloquy.projections.usage.UsageLedgerProjection;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The usage ledger against the event store it is built from: the admin report and the billing export add up,
 * to the token and the micro-dollar, to the {@code UsageRecorded} events, failed and cancelled replies included.
 */
class UsageLedgerTest extends EndToEndTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Axon keeps an event's time as ISO-8601 text. */
    private static final String EVENT_TIME = "timestamp::timestamptz";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProjectionReplay replay;
    @Autowired
    EventStore eventStore;

    String root;
    String ada;

    @BeforeEach
    void signInAdmins() {
        root = api.login("root@colloquy.test");
        ada = api.login("ada@acme.test");
    }

    /** Costs compare as amounts: a sum printed as 0.000100 equals one printed as 0.0001. */
    record Sums(long requests, long promptTokens, long completionTokens, long unpriced, BigDecimal cost,
                long estimated) {
        Sums {
            cost = cost.stripTrailingZeros();
        }

        Sums(long requests, long promptTokens, long completionTokens, long unpriced, BigDecimal cost) {
            this(requests, promptTokens, completionTokens, unpriced, cost, 0);
        }

        static Sums of(JsonNode figures) {
            return new Sums(figures.path("requests").asLong(), figures.path("promptTokens").asLong(),
                    figures.path("completionTokens").asLong(), figures.path("unpricedRequests").asLong(),
                    new BigDecimal(figures.path("costUsd").asText()), figures.path("estimatedRequests").asLong());
        }
    }

    @Test
    void theBillingExportTotalsAreTheSumOfTheMonthsUsageEventsFailedAndCancelledRepliesIncluded() {
        Charged charged = chargeVariedReplies();

        Map<String, Object> failed = usageEventOf(charged.failedReplyId());
        Map<String, Object> cancelled = usageEventOf(charged.cancelledReplyId());
        assertThat(((Number) failed.get("completion")).longValue()).as("failed mid-stream, charged").isPositive();
        assertThat(((Number) cancelled.get("completion")).longValue()).as("cancelled, charged").isPositive();
        assertThat(new BigDecimal(failed.get("cost").toString())).isPositive();
        // The upstream reported no usage for either, so their tokens were counted here, and say so.
        assertThat(failed.get("estimated")).isEqualTo(true);
        assertThat(cancelled.get("estimated")).isEqualTo(true);
        assertThat(asAlice.awaitCharged(charged.failedReplyId()).path("usage").path("estimated").asBoolean())
                .isTrue();
        assertThat(usageEventOf(charged.completedReplyId()).get("estimated")).as("counted by the upstream")
                .isEqualTo(false);
        assertThat(asAlice.awaitCharged(charged.completedReplyId()).path("usage").path("estimated").asBoolean())
                .isFalse();
        List<String> months = jdbc.queryForList("select distinct to_char(" + EVENT_TIME
                + " at time zone 'UTC', 'YYYY-MM') from domainevententry where payloadtype = ?", String.class,
                UsageRecorded.class.getName());
        assertThat(months).contains(failed.get("month").toString(), cancelled.get("month").toString());

        for (String month : months) {
            Sums events = eventSums("to_char(" + EVENT_TIME + " at time zone 'UTC', 'YYYY-MM') = ?", month);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(Sums.of(export(root, month).path("totals")))
                    .as("export of " + month).isEqualTo(events));
            JsonNode statement = export(root, month);
            assertThat(sum(statement.path("lines"))).as("lines add up to the total").isEqualTo(Sums.of(
                    statement.path("totals")));
            assertThat(sum(statement.path("tenantTotals"))).as("tenant totals add up to the total")
                    .isEqualTo(Sums.of(statement.path("totals")));
            assertThat(csvTotal(month)).as("the CSV's total row").isEqualTo(Sums.of(statement.path("totals")));
        }
        assertThat(export(root, charged.month()).path("lines").toString())
                .contains(Api.subject(alice), Api.subject(charged.gus()), "scripted", "simulator");
    }

    @Test
    void rebuildingTheLedgerFromTheEventStoreGivesIdenticalRows() {
        chargeVariedReplies();
        awaitLedgerMatchesEvents();
        List<Map<String, Object>> before = ledgerRows();
        // Proves the rows are written again: were the reset skipped, the doubled figures would remain.
        jdbc.update("update usage_ledger set requests = requests * 2, cost_usd = cost_usd * 2");

        replay.rebuild(UsageLedgerProjection.GROUP);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(ledgerRows()).isEqualTo(before));
        await().atMost(PATIENCE).until(() -> replay.caughtUp(UsageLedgerProjection.GROUP));
        assertThat(ledgerRows()).isEqualTo(before);
    }

    @Test
    void theReportGroupsByUserModelAndDayAndEachTenantAdminSeesOnlyTheirTenant() {
        Charged charged = chargeVariedReplies();
        awaitLedgerMatchesEvents();
        String range = "from=" + LocalDate.now(ZoneOffset.UTC).minusDays(1) + "&to="
                + LocalDate.now(ZoneOffset.UTC).plusDays(1);
        Sums acme = eventSums("convert_from(payload, 'UTF8')::jsonb ->> 'tenantId' = ?", "acme");
        Sums aliceOnly = eventSums("convert_from(payload, 'UTF8')::jsonb ->> 'ownerId' = ?", Api.subject(alice));

        for (String groupBy : List.of("user", "model", "day")) {
            JsonNode report = report(ada, range + "&groupBy=" + groupBy, 200);
            assertThat(report.path("tenantId").asText()).isEqualTo("acme");
            assertThat(Sums.of(report.path("totals"))).as("acme by " + groupBy).isEqualTo(acme);
            assertThat(sum(report.path("rows"))).as("rows by " + groupBy + " add up")
                    .isEqualTo(Sums.of(report.path("totals")));
            assertThat(report.path("rows").toString()).doesNotContain(Api.subject(charged.gus()));
        }
        JsonNode byUser = report(ada, range + "&groupBy=user", 200);
        assertThat(Sums.of(rowOf(byUser, Api.subject(alice)))).isEqualTo(aliceOnly);
        assertThat(groups(report(ada, range + "&groupBy=model", 200))).containsExactly("scripted", "simulator");
        assertThat(groups(report(ada, range + "&groupBy=day", 200)))
                .allMatch(day -> day.matches("\\d{4}-\\d{2}-\\d{2}"));
        assertThat(report(root, range + "&groupBy=user&tenantId=acme", 200)).isEqualTo(byUser);

        String gina = api.newUserOf("globex", "tenant-admin");
        JsonNode globex = report(gina, range + "&groupBy=user", 200);
        assertThat(groups(globex)).containsExactly(Api.subject(charged.gus()));
        assertThat(report(gina, range + "&groupBy=user&tenantId=acme", 404).toString()).doesNotContain("scripted");
        report(ada, range + "&groupBy=user&tenantId=globex", 404);
        JsonNode globexBill = export(gina, charged.month());
        assertThat(globexBill.path("lines").findValuesAsText("tenantId")).containsOnly("globex");
        assertThat(globexBill.path("tenantTotals").findValuesAsText("tenantId")).containsExactly("globex");
        assertThat(export(ada, charged.month()).path("lines").findValuesAsText("tenantId")).containsOnly("acme");
    }

    @Test
    void badParametersAreValidationErrorsNamingTheField() {
        assertInvalid(api.get("/api/v1/admin/usage?from=2026-13-01&to=2026-12-31", ada), "from");
        assertInvalid(api.get("/api/v1/admin/usage?from=2026-01-01", ada), "to");
        assertInvalid(api.get("/api/v1/admin/usage?from=2026-02-01&to=2026-01-01", ada), "to");
        assertInvalid(api.get("/api/v1/admin/usage?from=2026-01-01&to=2026-01-31&groupBy=week", ada), "groupBy");
        assertInvalid(api.get("/api/v1/admin/billing/export?month=2026-13", root), "month");
        assertInvalid(api.get("/api/v1/admin/billing/export", root), "month");
        assertInvalid(api.get("/api/v1/admin/billing/export?month=2026-01&format=xml", root), "format");
    }

    /** Periods are UTC calendar periods of the event's own time; a reply with no price is counted, never $0. */
    @Test
    void decemberAndJanuaryAreBilledApartAndAnUnpricedRequestIsShownAsSuch() {
        String user = UUID.randomUUID().toString();
        recordUsage("umbrella", user, "simulator", 10, 20, new BigDecimal("0.000009"), "2025-12-31T23:59:59.999Z");
        recordUsage("umbrella", user, "retired-model", 5, 6, null, "2026-01-01T00:00:00Z");
        recordUsage("umbrella", user, "simulator", 1, 2, new BigDecimal("0.000001"), "2026-01-31T23:59:59Z");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select count(*) from usage_ledger where tenant_id = 'umbrella' and period = 'month'",
                Integer.class)).isEqualTo(3));
        JsonNode december = tenantTotal(export(root, "2025-12"), "umbrella");
        assertThat(Sums.of(december)).isEqualTo(new Sums(1, 10, 20, 0, new BigDecimal("0.000009")));
        JsonNode january = export(root, "2026-01");
        assertThat(Sums.of(tenantTotal(january, "umbrella"))).isEqualTo(new Sums(2, 6, 8, 1,
                new BigDecimal("0.000001")));
        JsonNode retired = january.path("lines").findParents("model").stream()
                .filter(line -> line.path("model").asText().equals("retired-model")).findFirst().orElseThrow();
        assertThat(Sums.of(retired.path("usage"))).isEqualTo(new Sums(1, 5, 6, 1, BigDecimal.ZERO));
        assertThat(jdbc.queryForList("select period_start from usage_ledger where tenant_id = 'umbrella' "
                        + "and period = 'hour' order by period_start", Timestamp.class)
                .stream().map(Timestamp::toInstant)).containsExactly(
                Instant.parse("2025-12-31T23:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-31T23:00:00Z"));
        JsonNode byDay = report(root, "from=2025-12-31&to=2026-01-01&groupBy=day&tenantId=umbrella", 200);
        assertThat(groups(byDay)).containsExactly("2025-12-31", "2026-01-01");
        assertThat(Sums.of(byDay.path("totals"))).isEqualTo(new Sums(2, 15, 26, 1, new BigDecimal("0.000009")));
    }

    // --- steps

    record Charged(String month, String completedReplyId, String failedReplyId, String cancelledReplyId,
                   String gus) {
    }

    /** Completed, failed mid-stream and cancelled replies for alice (acme), and a reply for gus (globex). */
    private Charged chargeVariedReplies() {
        String simulated = asAlice.start("simulator", null);
        asAlice.awaitCharged(asAlice.post(simulated, "hello ledger", null).path("replyId").asText());
        String scripted = asAlice.start("scripted", null);
        String completedId = asAlice.post(scripted, "priced at the scripted rate", null).path("replyId").asText();
        asAlice.awaitCharged(completedId);

        String failedId = asAlice.post(scripted, "[break] fails mid-stream", null).path("replyId").asText();
        JsonNode failed = asAlice.awaitCharged(failedId);
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("content").asText()).isEqualTo("part1 part2 part3 ");

        JsonNode held = asAlice.post(scripted, "[hold] cancelled mid-stream", null);
        String cancelledId = held.path("replyId").asText();
        try (Api.Stream stream = api.stream(held.path("streamUrl").asText(), alice, null)) {
            await().atMost(PATIENCE).until(() -> stream.text().contains("part3"));
            assertThat(api.post("/api/v1/replies/" + cancelledId + "/cancel", alice, null).status()).isEqualTo(202);
        }
        assertThat(asAlice.awaitCharged(cancelledId).path("status").asText()).isEqualTo("cancelled");

        String gus = api.login("gus@globex.test");
        Conversations asGus = new Conversations(api, gus);
        asGus.awaitCharged(asGus.post(asGus.start("simulator", null), "hello from globex", null)
                .path("replyId").asText());
        return new Charged(usageEventOf(failedId).get("month").toString(), completedId, failedId, cancelledId, gus);
    }

    private Map<String, Object> usageEventOf(String replyId) {
        return jdbc.queryForMap("""
                select (p ->> 'completionTokens')::bigint as completion, p ->> 'costUsd' as cost,
                       (p ->> 'estimated')::boolean as estimated,
                       to_char(%s at time zone 'UTC', 'YYYY-MM') as month
                from (select timestamp, convert_from(payload, 'UTF8')::jsonb as p from domainevententry
                      where payloadtype = ?) e
                where p ->> 'replyId' = ?""".formatted(EVENT_TIME), UsageRecorded.class.getName(), replyId);
    }

    /** Sums the UsageRecorded payloads themselves, with a condition on the event row or its payload. */
    private Sums eventSums(String condition, Object... values) {
        return jdbc.queryForObject("""
                select count(*) as requests, coalesce(sum((p ->> 'promptTokens')::bigint), 0) as prompt,
                       coalesce(sum((p ->> 'completionTokens')::bigint), 0) as completion,
                       count(*) filter (where p ->> 'costUsd' is null) as unpriced,
                       coalesce(sum((p ->> 'costUsd')::numeric), 0) as cost,
                       count(*) filter (where (p ->> 'estimated')::boolean) as estimated
                from (select timestamp, payload, convert_from(payload, 'UTF8')::jsonb as p from domainevententry
                      where payloadtype = ?) e
                where %s""".formatted(condition), (rs, n) -> new Sums(rs.getLong("requests"), rs.getLong("prompt"),
                rs.getLong("completion"), rs.getLong("unpriced"), rs.getBigDecimal("cost"),
                rs.getLong("estimated")),
                Stream.concat(Stream.of(UsageRecorded.class.getName()), Arrays.stream(values)).toArray());
    }

    private void awaitLedgerMatchesEvents() {
        Sums all = eventSums("true");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(ledgerTotal()).isEqualTo(all));
    }

    private Sums ledgerTotal() {
        return jdbc.queryForObject("""
                select coalesce(sum(requests), 0) as requests, coalesce(sum(prompt_tokens), 0) as prompt,
                       coalesce(sum(completion_tokens), 0) as completion,
                       coalesce(sum(unpriced_requests), 0) as unpriced, coalesce(sum(cost_usd), 0) as cost,
                       coalesce(sum(estimated_requests), 0) as estimated
                from usage_ledger where period = 'month'""", (rs, n) -> new Sums(rs.getLong("requests"),
                rs.getLong("prompt"), rs.getLong("completion"), rs.getLong("unpriced"), rs.getBigDecimal("cost"),
                rs.getLong("estimated")));
    }

    private List<Map<String, Object>> ledgerRows() {
        return jdbc.queryForList("select * from usage_ledger order by tenant_id, period, period_start, user_id, model");
    }

    private void recordUsage(String tenant, String user, String model, long prompt, long completion, BigDecimal cost,
                        String at) {
        String conversation = UUID.randomUUID().toString();
        eventStore.publish(new GenericDomainEventMessage<>("Conversation", conversation, 0,
                new UsageRecorded(conversation, UUID.randomUUID().toString(), tenant, user, model, prompt,
                        completion, cost, false), Map.of(), UUID.randomUUID().toString(), Instant.parse(at)));
    }

    // --- reading the API

    private JsonNode export(String token, String month) {
        Api.Response response = api.get("/api/v1/admin/billing/export?format=json&month=" + month, token);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"colloquy-billing-" + month + ".json\"");
        return response.body();
    }

    private Sums csvTotal(String month) {
        Api.Response response = api.get("/api/v1/admin/billing/export?format=csv&month=" + month, root);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("text/csv");
        assertThat(response.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"colloquy-billing-" + month + ".csv\"");
        String[] records = response.body().asText().split("\r\n");
        assertThat(records[0]).isEqualTo("row_type,month,tenant_id,user_id,model,requests,prompt_tokens,"
                + "completion_tokens,unpriced_requests,cost_usd,estimated_requests,estimated_tokens");
        String[] total = records[records.length - 1].split(",", -1);
        assertThat(total[0]).isEqualTo("total");
        return new Sums(Long.parseLong(total[5]), Long.parseLong(total[6]), Long.parseLong(total[7]),
                Long.parseLong(total[8]), new BigDecimal(total[9]), Long.parseLong(total[10]));
    }

    private JsonNode report(String token, String query, int status) {
        Api.Response response = api.get("/api/v1/admin/usage?" + query, token);
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        return response.body();
    }

    private static JsonNode rowOf(JsonNode report, String group) {
        for (JsonNode row : report.path("rows")) {
            if (row.path("group").asText().equals(group)) {
                return row.path("usage");
            }
        }
        throw new AssertionError("no row " + group + " in " + report);
    }

    private static List<String> groups(JsonNode report) {
        return report.path("rows").findValuesAsText("group");
    }

    private static JsonNode tenantTotal(JsonNode statement, String tenant) {
        for (JsonNode total : statement.path("tenantTotals")) {
            if (total.path("tenantId").asText().equals(tenant)) {
                return total.path("usage");
            }
        }
        throw new AssertionError("no total for " + tenant + " in " + statement);
    }

    private static Sums sum(JsonNode entries) {
        Sums sum = new Sums(0, 0, 0, 0, BigDecimal.ZERO);
        for (JsonNode entry : entries) {
            Sums each = Sums.of(entry.path("usage"));
            sum = new Sums(sum.requests + each.requests, sum.promptTokens + each.promptTokens,
                    sum.completionTokens + each.completionTokens, sum.unpriced + each.unpriced,
                    sum.cost.add(each.cost), sum.estimated + each.estimated);
        }
        return sum;
    }

    private static void assertInvalid(Api.Response response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(response.body().path("error").path("details").path("field").asText()).isEqualTo(field);
    }
}
