package dev.colloquy.kernel.quota;

import org.axonframework.serialization.Revision;

@Revision("1")
public record TenantQuotasSet(String tenantId, QuotaLimits overrides) {
}
