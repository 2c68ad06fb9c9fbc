package dev.colloquy.kernel.usage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The calendar periods usage is counted over, by the ledger and by the quotas alike: all in UTC, so that every
 * node and every replay put a charge in the same period.
 */
public enum UsagePeriod {
    HOUR, DAY, MONTH;

    /** How tables, clients and configuration spell it. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The first instant of the period that holds {@code at}. */
    public Instant start(Instant at) {
        ZonedDateTime utc = at.atZone(ZoneOffset.UTC);
        return switch (this) {
            case HOUR -> utc.truncatedTo(ChronoUnit.HOURS).toInstant();
            case DAY -> utc.truncatedTo(ChronoUnit.DAYS).toInstant();
            case MONTH -> utc.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).toInstant();
        };
    }

    /** The first instant after the period that holds {@code at}: when its quota resets. */
    public Instant end(Instant at) {
        ZonedDateTime start = start(at).atZone(ZoneOffset.UTC);
        return switch (this) {
            case HOUR -> start.plusHours(1).toInstant();
            case DAY -> start.plusDays(1).toInstant();
            case MONTH -> start.plusMonths(1).toInstant();
        };
    }
}
