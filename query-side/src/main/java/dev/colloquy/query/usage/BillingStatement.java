package dev.colloquy.query.usage;

import java.util.List;

/** A month's charges: one line per tenant, user and model, each tenant's total, and the total of all. */
public record BillingStatement(String month, List<Line> lines, List<TenantTotal> tenantTotals, UsageFigures totals) {

    public record Line(String tenantId, String userId, String model, UsageFigures usage) {
    }

    public record TenantTotal(String tenantId, UsageFigures usage) {
    }
}
