package dev.colloquy.kernel;

import dev.colloquy.kernel.account.Role;
import java.util.Set;

/**
 * The authenticated principal of a request: tenant and user from a verified token, roles and plan as the
 * account holds them now (so a change takes effect on the next request). Never taken from a request body.
 * {@code sessionId} names the sign-in the token belongs to; null for an API key.
 */
public record Caller(String tenantId, String userId, Set<Role> roles, String plan, String sessionId) {
    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** A guest is limited to the free plan's models whatever its tenant's plan. */
    public boolean isGuestOnly() {
        return roles.equals(Set.of(Role.GUEST));
    }
}
