package dev.colloquy.command.account;

import dev.colloquy.kernel.account.Role;
import dev.colloquy.kernel.error.ColloquyException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** What a username, a role list and an API key's scopes must look like. */
public final class AccountRules {
    /** What an API key may be used for: sending (chat) and reading. Administration needs a signed-in user. */
    public static final Set<String> SCOPES = Set.of("chat", "read");
    private static final Pattern USERNAME = Pattern.compile("[^\\s@]{1,64}@[^\\s@]{1,189}");

    private AccountRules() {
    }

    /** Usernames are e-mail addresses, compared without case. */
    public static String canonical(String username) {
        return username.strip().toLowerCase(Locale.ROOT);
    }

    static void requireUsername(String username) {
        if (username == null || !USERNAME.matcher(username.strip()).matches()) {
            throw ColloquyException.invalid("username", "username must be an e-mail address");
        }
    }

    /** BCrypt reads at most 72 bytes; a longer password would be silently cut, so it is refused instead. */
    public static void requirePassword(String password) {
        int bytes = password == null ? 0 : password.getBytes(StandardCharsets.UTF_8).length;
        if (password == null || password.length() < 10 || bytes > 72) {
            throw ColloquyException.invalid("password",
                    "password must have at least 10 characters and at most 72 bytes");
        }
    }

    static List<String> roles(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            throw ColloquyException.invalid("roles", "at least one role is required");
        }
        TreeSet<String> roles = new TreeSet<>();
        for (String role : requested) {
            if (Role.fromWire(role).isEmpty()) {
                throw ColloquyException.invalid("roles", "unknown role " + role);
            }
            roles.add(role);
        }
        return List.copyOf(roles);
    }

    static List<String> scopes(List<String> requested) {
        if (requested == null || requested.isEmpty() || !SCOPES.containsAll(requested)) {
            throw ColloquyException.invalid("scopes", "scopes must be a non-empty subset of " + new TreeSet<>(SCOPES));
        }
        return List.copyOf(new TreeSet<>(requested));
    }

    static void requireText(String field, String value, int maxChars) {
        if (value == null || value.isBlank() || value.length() > maxChars) {
            throw ColloquyException.invalid(field, field + " must have 1 to " + maxChars + " characters");
        }
    }
}
