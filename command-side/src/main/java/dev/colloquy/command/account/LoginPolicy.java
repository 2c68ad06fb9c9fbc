package dev.colloquy.command.account;

import java.time.Duration;

/** {@code maxFailures} wrong passwords within {@code window} lock the account for {@code lockFor}. */
public record LoginPolicy(int maxFailures, Duration window, Duration lockFor) {
    public LoginPolicy {
        if (maxFailures < 1 || window.isNegative() || window.isZero() || lockFor.isNegative()) {
            throw new IllegalArgumentException("login policy needs maxFailures >= 1 and positive durations");
        }
    }
}
