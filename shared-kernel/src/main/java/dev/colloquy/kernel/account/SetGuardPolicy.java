package dev.colloquy.kernel.account;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * How a tenant treats suspected prompt injection ({@code flag} records it, {@code block} refuses the message)
 * and which kinds of personal data are redacted from replies ({@code email}, {@code phone}, ...).
 */
public record SetGuardPolicy(@TargetAggregateIdentifier String tenantId, String injectionPolicy,
                             List<String> redactedPii) {
}
