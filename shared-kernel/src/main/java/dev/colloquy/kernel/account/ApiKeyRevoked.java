package dev.colloquy.kernel.account;

import org.axonframework.serialization.Revision;

@Revision("1")
public record ApiKeyRevoked(String userId, String tenantId, String keyId) {
}
