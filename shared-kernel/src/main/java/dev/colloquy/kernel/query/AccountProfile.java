package dev.colloquy.kernel.query;

import java.time.Instant;
import java.util.List;

/** A user's account as held now: the profile, the API keys (never their secrets) and the sign-ins. */
public record AccountProfile(String userId, String tenantId, String username, List<String> roles, String plan,
                             boolean disabled, Instant createdAt, List<ApiKey> apiKeys, List<SignIn> signIns) {
    public AccountProfile {
        roles = List.copyOf(roles);
        apiKeys = List.copyOf(apiKeys);
        signIns = List.copyOf(signIns);
    }

    public record ApiKey(String keyId, String name, List<String> scopes, Instant createdAt, Instant expiresAt,
                         Instant revokedAt, Instant lastUsedAt) {
    }

    public record SignIn(String sessionId, Instant createdAt, Instant expiresAt, Instant revokedAt,
                         String revokedReason) {
    }
}
