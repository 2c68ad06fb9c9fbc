package dev.colloquy.kernel.quota;

import dev.colloquy.kernel.usage.UsagePeriod;

/**
 * The limits a plan may set on a user's consumption, each over a calendar period in UTC. {@code wireName} is
 * how clients, configuration and events spell it.
 */
public enum QuotaLimit {
    MESSAGES_PER_HOUR("messages-per-hour", UsagePeriod.HOUR),
    MESSAGES_PER_DAY("messages-per-day", UsagePeriod.DAY),
    TOKENS_PER_DAY("tokens-per-day", UsagePeriod.DAY),
    TOKENS_PER_MONTH("tokens-per-month", UsagePeriod.MONTH),
    COST_PER_DAY("cost-per-day", UsagePeriod.DAY),
    COST_PER_MONTH("cost-per-month", UsagePeriod.MONTH);

    private final String wireName;
    private final UsagePeriod period;

    QuotaLimit(String wireName, UsagePeriod period) {
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

    public UsagePeriod period() {
        return period;
    }
}
