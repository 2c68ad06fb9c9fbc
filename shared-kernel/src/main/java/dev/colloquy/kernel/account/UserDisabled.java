package dev.colloquy.kernel.account;

import org.axonframework.serialization.Revision;

@Revision("1")
public record UserDisabled(String userId, String tenantId) {
}
