package dev.colloquy.kernel.quota;

import org.axonframework.serialization.Revision;

@Revision("1")
public record TenantBudgetSet(String tenantId, QuotaLimits budget) {
}
