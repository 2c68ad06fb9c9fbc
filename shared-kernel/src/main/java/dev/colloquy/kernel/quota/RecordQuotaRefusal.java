package dev.colloquy.kernel.quota;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A chat request refused by a hard limit, the user's own or the tenant's budget, before any model call. */
public record RecordQuotaRefusal(@TargetAggregateIdentifier String userId, String tenantId, QuotaScope scope,
                                 QuotaLimit limit, String conversationId, Instant resetsAt) {
}
