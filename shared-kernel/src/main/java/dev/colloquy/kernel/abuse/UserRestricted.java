package dev.colloquy.kernel.abuse;

import org.axonframework.serialization.Revision;

/** {@code automatic}: the tenant's abuse policy acted ({@code score} is what it saw); else a tenant admin did. */
@Revision("1")
public record UserRestricted(String userId, String tenantId, RestrictionMode mode, String reason, Integer score,
                             boolean automatic) {
}
