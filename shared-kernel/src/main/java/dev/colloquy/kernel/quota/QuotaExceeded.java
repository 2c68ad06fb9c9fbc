package dev.colloquy.kernel.quota;

import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record QuotaExceeded(String userId, String tenantId, QuotaScope scope, QuotaLimit limit,
                            String conversationId, Instant resetsAt) {
}
