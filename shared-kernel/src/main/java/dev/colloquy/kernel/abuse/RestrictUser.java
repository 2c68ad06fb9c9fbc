package dev.colloquy.kernel.abuse;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Suspends or throttles a user. Sent by a tenant admin ({@code evidenceAt} and {@code score} null) or by the
 * abuse policy, which names the time of the evidence it acted on: evidence from before the user's last
 * reinstatement is ignored, so lifting a restriction is never undone by the same old signals.
 */
public record RestrictUser(@TargetAggregateIdentifier String userId, String tenantId, RestrictionMode mode,
                           String reason, Integer score, Instant evidenceAt) {
    public boolean automatic() {
        return evidenceAt != null;
    }
}
