package dev.colloquy.kernel.privacy;

import org.axonframework.serialization.Revision;

/** The conversation's key is deleted in this event's transaction; its history stays, unreadable. */
@Revision("1")
public record ConversationErased(String conversationId, String tenantId, String ownerId, String reason) {
}
