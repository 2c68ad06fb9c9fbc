package dev.colloquy.kernel.privacy;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Erases a user's profile: its key is deleted and the account is known by {@code pseudonym} from then on. The
 * pseudonym is chosen by the sender so that it travels in the event and a rebuild reproduces it.
 */
public record EraseUser(@TargetAggregateIdentifier String userId, String tenantId, String requestId,
                        String pseudonym) {
}
