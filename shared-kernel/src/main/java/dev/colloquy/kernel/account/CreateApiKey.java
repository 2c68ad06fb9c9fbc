package dev.colloquy.kernel.account;

import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code secretHash} is the SHA-256 of the key's secret, which is shown once and never stored. */
public record CreateApiKey(@TargetAggregateIdentifier String userId, String tenantId, String keyId, String name,
                           List<String> scopes, Instant expiresAt, String secretHash) {
}
