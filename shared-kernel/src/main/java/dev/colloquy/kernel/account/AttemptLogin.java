package dev.colloquy.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A password login; the password lives only in this in-memory command, never in an event. */
public record AttemptLogin(@TargetAggregateIdentifier String userId, String password) {
    @Override
    public String toString() {
        return "AttemptLogin[userId=" + userId + "]";
    }
}
