package dev.colloquy.infra.auth;

import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/auth/token}: a password grant for the configured (demo) users. */
@RestController
public class TokenController {
    private final AuthProperties properties;
    private final AccessTokens tokens;

    public TokenController(AuthProperties properties, AccessTokens tokens) {
        this.properties = properties;
        this.tokens = tokens;
    }

    public record Credentials(String username, String password) {
    }

    @PostMapping("/api/v1/auth/token")
    public Map<String, Object> token(@RequestBody Credentials credentials) {
        if (credentials.username() == null || credentials.password() == null) {
            throw new ColloquyException(ErrorCode.VALIDATION_ERROR, "username and password are required");
        }
        AuthProperties.DemoUser user = properties.demoUsers().stream()
                .filter(u -> u.username().equalsIgnoreCase(credentials.username()))
                .filter(u -> sameSecret(u.password(), credentials.password()))
                .findFirst()
                .orElseThrow(() -> new ColloquyException(ErrorCode.AUTHENTICATION_ERROR,
                        "invalid username or password"));
        String token = tokens.issue(user.username().toLowerCase(java.util.Locale.ROOT), user.tenant(), user.roles());
        return Map.of("access_token", token, "token_type", "Bearer", "expires_in", tokens.ttlSeconds());
    }

    private static boolean sameSecret(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
