package dev.colloquy.projections.usage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The calendar periods the ledger sums over, all in UTC so that every node and every replay agree. */
public enum LedgerPeriod {
    HOUR, DAY, MONTH;

    /** The value of {@code usage_ledger.period}. */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The first instant of the period that holds {@code at}. */
    public Instant startOf(Instant at) {
        ZonedDateTime utc = at.atZone(ZoneOffset.UTC);
        return switch (this) {
            case HOUR -> utc.truncatedTo(ChronoUnit.HOURS).toInstant();
            case DAY -> utc.truncatedTo(ChronoUnit.DAYS).toInstant();
            case MONTH -> utc.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).toInstant();
        };
    }
}
