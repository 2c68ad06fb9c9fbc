package dev.colloquy.kernel.quota;

import java.math.BigDecimal;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The user's consumption passed the soft limit of {@code limit}; recorded once per period. */
public record RecordQuotaWarning(@TargetAggregateIdentifier String userId, String tenantId, QuotaLimit limit,
                                 Instant periodStart, BigDecimal used, BigDecimal limitValue) {
}
