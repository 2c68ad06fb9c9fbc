package dev.colloquy.kernel.account;

import org.axonframework.serialization.Revision;

@Revision("1")
public record LoginSucceeded(String userId, String tenantId) {
}
