package dev.colloquy.kernel.account;

import org.axonframework.serialization.Revision;

@Revision("1")
public record TenantCreated(String tenantId, String name, String plan) {
}
