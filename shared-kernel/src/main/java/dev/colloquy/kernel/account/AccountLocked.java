package dev.colloquy.kernel.account;

import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record AccountLocked(String userId, String tenantId, Instant until) {
}
