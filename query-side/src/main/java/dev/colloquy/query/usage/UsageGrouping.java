package dev.colloquy.query.usage;

import dev.colloquy.kernel.error.ColloquyException;
import java.util.Arrays;
import java.util.Locale;

/** What {@code GET /admin/usage} sums by, and the ledger expression that names each group. */
public enum UsageGrouping {
    USER("user_id"),
    MODEL("model"),
    DAY("to_char(period_start at time zone 'UTC', 'YYYY-MM-DD')");

    private final String expression;

    UsageGrouping(String expression) {
        this.expression = expression;
    }

    String expression() {
        return expression;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static UsageGrouping parse(String raw) {
        return Arrays.stream(values()).filter(g -> g.wire().equals(raw)).findFirst()
                .orElseThrow(() -> ColloquyException.invalid("groupBy", "groupBy must be user, model or day"));
    }
}
