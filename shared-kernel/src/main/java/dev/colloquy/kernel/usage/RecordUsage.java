package dev.colloquy.kernel.usage;

import java.math.BigDecimal;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Charges a finished reply; the conversation records it at most once per reply. */
public record RecordUsage(@TargetAggregateIdentifier String conversationId, String replyId, String model,
                          long promptTokens, long completionTokens, BigDecimal costUsd, boolean estimated) {
}
