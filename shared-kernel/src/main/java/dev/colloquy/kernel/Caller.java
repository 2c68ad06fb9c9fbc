package dev.colloquy.kernel;

import java.util.Set;

/** The authenticated principal of a request, taken from a verified token and never from a request body. */
public record Caller(String tenantId, String userId, Set<String> roles) {
    public Caller {
        roles = Set.copyOf(roles);
    }
}
