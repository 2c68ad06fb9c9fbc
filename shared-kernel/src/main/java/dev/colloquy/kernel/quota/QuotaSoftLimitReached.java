package dev.colloquy.kernel.quota;

import java.math.BigDecimal;
import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record QuotaSoftLimitReached(String userId, String tenantId, QuotaLimit limit, Instant periodStart,
                                    BigDecimal used, BigDecimal limitValue) {
}
