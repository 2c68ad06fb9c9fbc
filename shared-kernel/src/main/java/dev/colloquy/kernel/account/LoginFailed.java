package dev.colloquy.kernel.account;

import org.axonframework.serialization.Revision;

/** A wrong password or a login while locked or disabled ({@code reason} is the {@link LoginOutcome}). */
@Revision("1")
public record LoginFailed(String userId, String tenantId, String reason) {
}
