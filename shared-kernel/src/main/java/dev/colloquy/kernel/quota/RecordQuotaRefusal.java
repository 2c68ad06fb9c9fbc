package dev.colloquy.kernel.quota;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A chat request refused by a hard quota limit, before any model call. */
public record RecordQuotaRefusal(@TargetAggregateIdentifier String userId, String tenantId, QuotaLimit limit,
                                 String conversationId, Instant resetsAt) {
}
