package dev.colloquy.infra.account;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Tenants and users created at start-up when missing: how a new installation gets its first platform admin
 * (from environment variables or a secret), and how the demo profile gets its demo users. Existing accounts
 * are never changed, so a password set here only matters the first time. {@code showCredentials} prints the
 * users and their passwords; only the demo profile sets it.
 */
@ConfigurationProperties("colloquy.seed")
public record SeedProperties(boolean showCredentials, List<SeedTenant> tenants, List<SeedUser> users) {
    public SeedProperties {
        tenants = tenants == null ? List.of() : List.copyOf(tenants);
        users = users == null ? List.of() : List.copyOf(users);
    }

    public record SeedTenant(String id, String name, String plan) {
    }

    public record SeedUser(String username, String password, String tenant, List<String> roles) {
        @Override
        public String toString() {
            return "SeedUser[" + username + " in " + tenant + " as " + roles + "]";
        }
    }
}
