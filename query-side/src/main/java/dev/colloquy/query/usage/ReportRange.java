package dev.colloquy.query.usage;

import dev.colloquy.kernel.error.ColloquyException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** UTC calendar days from {@code from} to {@code to}, both included: whole days of the ledger, never a part. */
public record ReportRange(LocalDate from, LocalDate to) {
    static final int MAX_DAYS = 366;

    public static ReportRange parse(String from, String to) {
        LocalDate first = date("from", from);
        LocalDate last = date("to", to);
        if (last.isBefore(first)) {
            throw ColloquyException.invalid("to", "to must not be before from");
        }
        if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
            throw ColloquyException.invalid("to", "the range may span at most " + MAX_DAYS + " days");
        }
        return new ReportRange(first, last);
    }

    Instant start() {
        return from.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    Instant endExclusive() {
        return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static LocalDate date(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            throw ColloquyException.invalid(field, field + " is required (an ISO date such as 2026-01-31)");
        }
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw ColloquyException.invalid(field, field + " must be an ISO date such as 2026-01-31");
        }
    }
}
