package dev.colloquy.query.usage;

import dev.colloquy.query.csv.CsvRecords;
import java.util.List;

/**
 * A billing statement as RFC 4180 CSV ({@link CsvRecords}): a header, then one record per line, per tenant total
 * and for the total of all, told apart by {@code row_type}.
 */
public final class BillingCsv {
    public static final List<String> HEADER = List.of("row_type", "month", "tenant_id", "user_id", "model",
            "requests", "prompt_tokens", "completion_tokens", "unpriced_requests", "cost_usd", "estimated_requests",
            "estimated_tokens");

    private BillingCsv() {
    }

    public static String render(BillingStatement statement) {
        StringBuilder csv = new StringBuilder();
        CsvRecords.append(csv, HEADER);
        for (BillingStatement.Line line : statement.lines()) {
            CsvRecords.append(csv, fields("line", statement.month(), line.tenantId(), line.userId(), line.model(),
                    line.usage()));
        }
        for (BillingStatement.TenantTotal total : statement.tenantTotals()) {
            CsvRecords.append(csv, fields("tenant_total", statement.month(), total.tenantId(), "", "",
                    total.usage()));
        }
        CsvRecords.append(csv, fields("total", statement.month(), "", "", "", statement.totals()));
        return csv.toString();
    }

    private static List<String> fields(String type, String month, String tenant, String user, String model,
                                       UsageFigures usage) {
        return List.of(type, month, tenant, user, model, Long.toString(usage.requests()),
                Long.toString(usage.promptTokens()), Long.toString(usage.completionTokens()),
                Long.toString(usage.unpricedRequests()), usage.costUsd(), Long.toString(usage.estimatedRequests()),
                Long.toString(usage.estimatedTokens()));
    }

}
