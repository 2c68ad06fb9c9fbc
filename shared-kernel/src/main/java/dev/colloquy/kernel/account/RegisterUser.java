package dev.colloquy.kernel.account;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Creates a user account; only the password's adaptive hash ever leaves the HTTP layer. {@code plan} null means
 * the tenant's plan.
 */
public record RegisterUser(@TargetAggregateIdentifier String userId, String tenantId, String username,
                           String passwordHash, List<String> roles, String plan) {
    /** Without the hash: commands end up in logs when they fail. */
    @Override
    public String toString() {
        return "RegisterUser[userId=" + userId + ", tenantId=" + tenantId + ", username=" + username + ", roles="
                + roles + ", plan=" + plan + "]";
    }
}
