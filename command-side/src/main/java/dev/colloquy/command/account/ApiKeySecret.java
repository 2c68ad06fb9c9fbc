package dev.colloquy.command.account;

import dev.colloquy.kernel.ContentDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * An API key's secret: {@code ck_} and 256 random bits. Only its SHA-256 is stored; a fast hash is enough
 * (unlike for passwords) because the secret is random, not chosen by a person.
 */
public record ApiKeySecret(String secret) {
    public static final String PREFIX = "ck_";
    private static final SecureRandom RANDOM = new SecureRandom();

    public static ApiKeySecret generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new ApiKeySecret(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    public static boolean looksLikeKey(String credential) {
        return credential.startsWith(PREFIX);
    }

    public String hash() {
        return ContentDigest.sha256(secret);
    }

    @Override
    public String toString() {
        return "ApiKeySecret[" + PREFIX + "…]";
    }
}
