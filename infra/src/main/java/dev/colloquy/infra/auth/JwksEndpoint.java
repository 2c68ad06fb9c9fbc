package dev.colloquy.infra.auth;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public keys that verify Colloquy's RS256 tokens, by {@code kid}; empty in HS256 mode. */
@RestController
public class JwksEndpoint {
    private final AccessTokens tokens;

    public JwksEndpoint(AccessTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping("/.well-known/jwks.json")
    public Map<String, Object> jwks() {
        return Map.of("keys", tokens.publicJwks());
    }
}
