package dev.colloquy.command.account;

import java.time.Duration;

/**
 * {@code maxFailures} sign-in attempts at one username from one client address, which come back over
 * {@code lockFor}; a successful sign-in restores them (SignInLockout).
 */
public record LoginPolicy(int maxFailures, Duration lockFor) {
    public LoginPolicy {
        if (maxFailures < 1 || lockFor.isNegative() || lockFor.isZero()) {
            throw new IllegalArgumentException("login policy needs maxFailures >= 1 and positive durations");
        }
    }
}
