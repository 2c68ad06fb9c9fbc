package dev.colloquy.kernel.quota;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The limits a plan may set on a user's consumption, each over a calendar period in UTC. {@code wireName} is
 * how clients, configuration and events spell it.
 */
public enum QuotaLimit {
    MESSAGES_PER_HOUR("messages-per-hour", Period.HOUR),
    MESSAGES_PER_DAY("messages-per-day", Period.DAY),
    TOKENS_PER_DAY("tokens-per-day", Period.DAY),
    TOKENS_PER_MONTH("tokens-per-month", Period.MONTH),
    COST_PER_DAY("cost-per-day", Period.DAY),
    COST_PER_MONTH("cost-per-month", Period.MONTH);

    private final String wireName;
    private final Period period;

    QuotaLimit(String wireName, Period period) {
        this.wireName = wireName;
        this.period = period;
    }

    public String wireName() {
        return wireName;
    }

    public static QuotaLimit fromWireName(String wireName) {
        for (QuotaLimit limit : values()) {
            if (limit.wireName.equals(wireName)) {
                return limit;
            }
        }
        throw new IllegalArgumentException("no quota limit " + wireName);
    }

    public Period period() {
        return period;
    }

    /** Calendar periods in UTC: an hour, a day, a month. */
    public enum Period {
        HOUR, DAY, MONTH;

        public Instant start(Instant at) {
            ZonedDateTime utc = at.atZone(ZoneOffset.UTC);
            return switch (this) {
                case HOUR -> utc.truncatedTo(ChronoUnit.HOURS).toInstant();
                case DAY -> utc.truncatedTo(ChronoUnit.DAYS).toInstant();
                case MONTH -> utc.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).toInstant();
            };
        }

        public Instant end(Instant at) {
            ZonedDateTime start = start(at).atZone(ZoneOffset.UTC);
            return switch (this) {
                case HOUR -> start.plusHours(1).toInstant();
                case DAY -> start.plusDays(1).toInstant();
                case MONTH -> start.plusMonths(1).toInstant();
            };
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
