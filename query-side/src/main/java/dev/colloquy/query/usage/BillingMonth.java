package dev.colloquy.query.usage;

import dev.colloquy.kernel.error.ColloquyException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** A billed month: the UTC calendar month {@code YYYY-MM}. */
public record BillingMonth(YearMonth month) {
    // YearMonth.parse alone would also take a sign and a year beyond four digits.
    private static final Pattern FORMAT = Pattern.compile("\\d{4}-\\d{2}");

    public static BillingMonth parse(String raw) {
        if (raw == null || !FORMAT.matcher(raw).matches()) {
            throw ColloquyException.invalid("month", "month must be YYYY-MM, e.g. 2026-01");
        }
        try {
            return new BillingMonth(YearMonth.parse(raw));
        } catch (DateTimeParseException e) {
            throw ColloquyException.invalid("month", "month must be YYYY-MM with a month from 01 to 12");
        }
    }

    /** The first instant of the month, which is how the ledger keys its month rows. */
    Instant start() {
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The first instant of the next month (December's is the 1st of January of the next year). */
    Instant endExclusive() {
        return month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    @Override
    public String toString() {
        return month.toString();
    }
}
