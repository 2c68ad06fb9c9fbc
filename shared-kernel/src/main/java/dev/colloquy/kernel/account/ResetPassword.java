package dev.colloquy.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A tenant admin sets a user's password (the user forgot it, or it leaked). */
public record ResetPassword(@TargetAggregateIdentifier String userId, String tenantId, String newPasswordHash) {
    /** Without the hash: messages end up in logs when a handler fails. */
    @Override
    public String toString() {
        return "ResetPassword[userId=" + userId + ", tenantId=" + tenantId + "]";
    }
}
