package dev.colloquy.command.ratelimit;

import dev.colloquy.command.account.AccountRules;
import dev.colloquy.command.account.LoginPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;

/**
 * Locks a username for one client address, not for everyone (OWASP's authentication guidance): a stranger who
 * exhausts the attempts locks themselves out of that account, never its owner signing in from elsewhere. Counted
 * for any username, existing or not, so that neither the lock nor its answer tells which accounts exist. The
 * {@code maxFailures} attempts of a pair come back over {@code lockFor}; a successful sign-in restores them all.
 */
public class SignInLockout {
    private final RateLimiter limiter;
    private final LoginPolicy policy;

    public SignInLockout(RateLimiter limiter, LoginPolicy policy) {
        this.limiter = limiter;
        this.policy = policy;
    }

    /** Takes one attempt of the pair; empty when admitted, else the seconds until the next one is. */
    public OptionalLong attempt(String username, String clientAddress) {
        RateLimiter.Bucket bucket = new RateLimiter.Bucket(id(username, clientAddress), "sign-in-lockout",
                policy.maxFailures(), 1, 1, policy.maxFailures() / (double) policy.lockFor().toSeconds());
        RateLimiter.Taken taken = limiter.take(List.of(bucket)).get(bucket.id());
        return taken.admitted() ? OptionalLong.empty()
                : OptionalLong.of(Math.max(1, (long) Math.ceil(taken.waitSeconds())));
    }

    public void succeeded(String username, String clientAddress) {
        limiter.forget(id(username, clientAddress));
    }

    /** A digest, so the table of buckets holds no usernames. */
    private static String id(String username, String clientAddress) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(AccountRules.canonical(username).getBytes(StandardCharsets.UTF_8));
            return "sign-in-pair:" + HexFormat.of().formatHex(digest, 0, 16) + ":" + RateLimiter.source(clientAddress);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
