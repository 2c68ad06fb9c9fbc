package dev.colloquy.kernel.privacy;

import org.axonframework.serialization.Revision;

/**
 * The profile's key is deleted in this event's transaction; the account can no longer sign in nor use its API
 * keys, its username is free again, and the usage ledger keeps its figures under {@code pseudonym}.
 */
@Revision("1")
public record UserErased(String userId, String tenantId, String requestId, String pseudonym) {
}
