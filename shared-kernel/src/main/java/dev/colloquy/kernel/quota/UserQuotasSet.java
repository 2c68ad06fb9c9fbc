package dev.colloquy.kernel.quota;

import org.axonframework.serialization.Revision;

@Revision("1")
public record UserQuotasSet(String userId, String tenantId, QuotaLimits overrides) {
}
