package dev.colloquy.query.usage;

import java.util.List;

/** {@code GET /admin/usage}: one tenant's ledger over whole UTC days, by user, model or day, and in total. */
public record UsageReport(String tenantId, String from, String to, String groupBy, List<Row> rows,
                          UsageFigures totals) {

    /** {@code group} is a user id, a model id or a date ({@code YYYY-MM-DD}), as {@code groupBy} says. */
    public record Row(String group, UsageFigures usage) {
    }
}
