package dev.colloquy.command.account;

import dev.colloquy.kernel.error.ColloquyException;
import java.util.Set;

/**
 * What a tenant does with a user whose abuse score reaches {@code threshold}: {@code suspend}, {@code throttle}
 * or {@code flag-only}. A tenant that never set one follows the platform's default (configuration).
 */
public record AbusePolicy(int threshold, String action) {
    public static final String SUSPEND = "suspend";
    public static final String THROTTLE = "throttle";
    public static final String FLAG_ONLY = "flag-only";
    private static final Set<String> ACTIONS = Set.of(SUSPEND, THROTTLE, FLAG_ONLY);

    public AbusePolicy {
        if (threshold < 1 || threshold > 100) {
            throw ColloquyException.invalid("threshold", "threshold must be 1 to 100");
        }
        if (!ACTIONS.contains(action)) {
            throw ColloquyException.invalid("action", "action must be suspend, throttle or flag-only");
        }
    }

    static AbusePolicy of(Integer threshold, String action) {
        if (threshold == null) {
            throw ColloquyException.invalid("threshold", "threshold must be 1 to 100");
        }
        return new AbusePolicy(threshold, action);
    }
}
