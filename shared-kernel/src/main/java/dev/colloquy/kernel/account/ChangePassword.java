package dev.colloquy.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A user replaces their own password; the current one must be given (it lives only in this command). */
public record ChangePassword(@TargetAggregateIdentifier String userId, String tenantId, String currentPassword,
                             String newPasswordHash) {
    @Override
    public String toString() {
        return "ChangePassword[userId=" + userId + "]";
    }
}
