package dev.colloquy.kernel.account;

import org.axonframework.serialization.Revision;

/** {@code byAdmin} tells a reset by a tenant admin from a change by the user; the actor is in the metadata. */
@Revision("1")
public record PasswordChanged(String userId, String tenantId, String passwordHash, boolean byAdmin) {
    /** Without the hash: messages end up in logs when a handler fails. */
    @Override
    public String toString() {
        return "PasswordChanged[userId=" + userId + ", tenantId=" + tenantId + ", byAdmin=" + byAdmin + "]";
    }
}
