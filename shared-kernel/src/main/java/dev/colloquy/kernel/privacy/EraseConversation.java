package dev.colloquy.kernel.privacy;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Erases a conversation for good: its key is deleted, so its content reads as erased everywhere, and it answers
 * "not found" from then on. Sent by an erasure request ({@code reason} {@code erasure:<request id>}) or by the
 * retention job ({@code retention}). Repeating it changes nothing.
 */
public record EraseConversation(@TargetAggregateIdentifier String conversationId, String tenantId, String reason) {
}
