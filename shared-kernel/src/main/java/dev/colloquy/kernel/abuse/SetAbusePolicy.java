package dev.colloquy.kernel.abuse;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * What happens to a user of the tenant whose abuse score reaches {@code threshold} (1-100): {@code suspend},
 * {@code throttle} or {@code flag-only} (listed for the tenant admins, nothing else).
 */
public record SetAbusePolicy(@TargetAggregateIdentifier String tenantId, Integer threshold, String action) {
}
