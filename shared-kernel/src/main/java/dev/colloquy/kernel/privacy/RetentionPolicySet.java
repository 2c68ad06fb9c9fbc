package dev.colloquy.kernel.privacy;

import org.axonframework.serialization.Revision;

/** {@code conversationDays}: 0 keeps conversations for ever, null falls back to the platform's default. */
@Revision("1")
public record RetentionPolicySet(String tenantId, Integer conversationDays) {
}
