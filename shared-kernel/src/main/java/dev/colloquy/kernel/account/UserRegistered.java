package dev.colloquy.kernel.account;

import java.util.List;
import org.axonframework.serialization.Revision;

@Revision("1")
public record UserRegistered(String userId, String tenantId, String username, String passwordHash,
                             List<String> roles, String plan) {
    /** Without the hash: events end up in logs when a handler fails. */
    @Override
    public String toString() {
        return "UserRegistered[userId=" + userId + ", tenantId=" + tenantId + ", username=" + username + ", roles="
                + roles + ", plan=" + plan + "]";
    }
}
