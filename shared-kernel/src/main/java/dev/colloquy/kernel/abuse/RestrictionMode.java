package dev.colloquy.kernel.abuse;

import java.util.Locale;
import java.util.Optional;

/**
 * How a user is held back: {@code SUSPENDED} users get 403 {@code ACCOUNT_SUSPENDED} on every API request;
 * {@code THROTTLED} users may chat at a small fixed rate.
 */
public enum RestrictionMode {
    SUSPENDED, THROTTLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RestrictionMode> fromWire(String name) {
        for (RestrictionMode mode : values()) {
            if (mode.wireName().equals(name)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
