package dev.colloquy.kernel.quota;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * A limit whose soft threshold the consumption (settled plus reserved) has passed in this period: the user's
 * own, or the tenant's budget.
 */
public record QuotaWarning(QuotaScope scope, QuotaLimit limit, Instant periodStart, BigDecimal used,
                           BigDecimal limitValue) {
    public int percent() {
        return limitValue.signum() == 0 ? 100
                : used.multiply(BigDecimal.valueOf(100)).divide(limitValue, 0, RoundingMode.DOWN).intValue();
    }

    /** How the {@code X-Quota-Warning} header names it: {@code tokens-per-day}, {@code tenant:cost-per-month}. */
    public String label() {
        return scope == QuotaScope.TENANT ? "tenant:" + limit.wireName() : limit.wireName();
    }
}
