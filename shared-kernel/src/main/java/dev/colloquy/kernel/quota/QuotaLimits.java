package dev.colloquy.kernel.quota;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Quota values; a null field sets no limit here. A plan gives the defaults; a tenant's overrides (set by a
 * platform admin) replace them field by field ({@link #overriddenBy}); a user's (set by the tenant's admin) can
 * only narrow what the tenant has ({@link #narrowedBy}).
 */
public record QuotaLimits(Long messagesPerHour, Long messagesPerDay, Long tokensPerDay, Long tokensPerMonth,
                          BigDecimal costPerDay, BigDecimal costPerMonth) {
    public static final QuotaLimits NONE = new QuotaLimits(null, null, null, null, null, null);

    public QuotaLimits {
        for (Long value : new Long[] {messagesPerHour, messagesPerDay, tokensPerDay, tokensPerMonth}) {
            if (value != null && value < 0) {
                throw new IllegalArgumentException("quota limits must not be negative");
            }
        }
        for (BigDecimal value : new BigDecimal[] {costPerDay, costPerMonth}) {
            if (value != null && value.signum() < 0) {
                throw new IllegalArgumentException("quota limits must not be negative");
            }
        }
    }

    public QuotaLimits overriddenBy(QuotaLimits o) {
        if (o == null) {
            return this;
        }
        return new QuotaLimits(pick(o.messagesPerHour, messagesPerHour), pick(o.messagesPerDay, messagesPerDay),
                pick(o.tokensPerDay, tokensPerDay), pick(o.tokensPerMonth, tokensPerMonth),
                pick(o.costPerDay, costPerDay), pick(o.costPerMonth, costPerMonth));
    }

    /** Field by field the lower of the two limits, where either sets one. */
    public QuotaLimits narrowedBy(QuotaLimits o) {
        if (o == null) {
            return this;
        }
        return new QuotaLimits(lower(messagesPerHour, o.messagesPerHour), lower(messagesPerDay, o.messagesPerDay),
                lower(tokensPerDay, o.tokensPerDay), lower(tokensPerMonth, o.tokensPerMonth),
                lower(costPerDay, o.costPerDay), lower(costPerMonth, o.costPerMonth));
    }

    /** The value of one limit as a decimal (messages and tokens are whole numbers), or null when unlimited. */
    public BigDecimal value(QuotaLimit limit) {
        return switch (limit) {
            case MESSAGES_PER_HOUR -> decimal(messagesPerHour);
            case MESSAGES_PER_DAY -> decimal(messagesPerDay);
            case TOKENS_PER_DAY -> decimal(tokensPerDay);
            case TOKENS_PER_MONTH -> decimal(tokensPerMonth);
            case COST_PER_DAY -> costPerDay;
            case COST_PER_MONTH -> costPerMonth;
        };
    }

    /** The inverse of {@link #value}: a missing or null entry is no limit. */
    public static QuotaLimits of(Map<QuotaLimit, BigDecimal> values) {
        return new QuotaLimits(whole(values.get(QuotaLimit.MESSAGES_PER_HOUR)),
                whole(values.get(QuotaLimit.MESSAGES_PER_DAY)), whole(values.get(QuotaLimit.TOKENS_PER_DAY)),
                whole(values.get(QuotaLimit.TOKENS_PER_MONTH)), values.get(QuotaLimit.COST_PER_DAY),
                values.get(QuotaLimit.COST_PER_MONTH));
    }

    private static Long whole(BigDecimal value) {
        return value == null ? null : value.longValueExact();
    }

    private static BigDecimal decimal(Long value) {
        return value == null ? null : BigDecimal.valueOf(value);
    }

    private static <T extends Comparable<T>> T lower(T a, T b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static <T> T pick(T override, T base) {
        return override != null ? override : base;
    }
}
