package dev.colloquy.kernel.quota;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/** A limit whose soft threshold the user's consumption (settled plus reserved) has passed in this period. */
public record QuotaWarning(QuotaLimit limit, Instant periodStart, BigDecimal used, BigDecimal limitValue) {
    public int percent() {
        return limitValue.signum() == 0 ? 100
                : used.multiply(BigDecimal.valueOf(100)).divide(limitValue, 0, RoundingMode.DOWN).intValue();
    }
}
