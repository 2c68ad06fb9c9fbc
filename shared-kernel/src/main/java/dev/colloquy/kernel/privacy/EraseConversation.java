package dev.colloquy.kernel.privacy;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Erases a conversation for good: its key is deleted, so its content reads as erased everywhere, and it answers
 * "not found" from then on. Sent by an erasure request ({@code reason} {@code erasure:<request id>}) or by the
 * retention job ({@code retention}). Repeating it changes nothing. With {@code idleBefore}, only a conversation
 * with nothing in it since then is erased: retention picks candidates from a read model that may lag or be
 * rebuilding, and the aggregate, which cannot, has the last word.
 */
public record EraseConversation(@TargetAggregateIdentifier String conversationId, String tenantId, String reason,
                                Instant idleBefore) {
    public EraseConversation(String conversationId, String tenantId, String reason) {
        this(conversationId, tenantId, reason, null);
    }
}
