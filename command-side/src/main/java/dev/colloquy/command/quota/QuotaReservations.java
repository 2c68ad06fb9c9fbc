package dev.colloquy.command.quota;

import dev.colloquy.command.model.ContextWindow;
import dev.colloquy.command.model.ModelCatalogue;
import dev.colloquy.command.model.ModelSpec;
import dev.colloquy.command.model.TokenCount;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import dev.colloquy.kernel.quota.QuotaLimit;
import dev.colloquy.kernel.usage.UsagePeriod;
import dev.colloquy.kernel.quota.QuotaLimits;
import dev.colloquy.kernel.quota.QuotaScope;
import dev.colloquy.kernel.quota.QuotaWarning;
import dev.colloquy.kernel.reply.TokenUsage;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Quota counters in PostgreSQL, shared by every node: a reservation adds to the user's hour, day and month
 * rows and checks the totals while holding their row locks, so concurrent requests of one user, on any node,
 * are counted one after another and never overshoot together; a tenant with a budget is checked against the
 * sums of its users' rows. Settling replaces a reservation with the usage the reply really had; an expired
 * reservation (its node died) is given back.
 */
public class QuotaReservations {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final String IN_FLIGHT = "in_flight";

    private final Jdbi jdbi;
    private final ModelCatalogue catalogue;
    private final ContextWindow window;
    private final Clock clock;
    private final BigDecimal softLimitPercent;
    private final Duration expiry;

    public QuotaReservations(Jdbi jdbi, ModelCatalogue catalogue, TokenCount tokens, Clock clock,
                             int softLimitPercent, Duration expiry) {
        if (softLimitPercent < 1 || softLimitPercent > 100) {
            throw new IllegalArgumentException("soft-limit-percent must be between 1 and 100");
        }
        this.jdbi = jdbi;
        this.catalogue = catalogue;
        this.window = new ContextWindow(tokens);
        this.clock = clock;
        this.softLimitPercent = BigDecimal.valueOf(softLimitPercent);
        this.expiry = expiry;
    }

    /** A user's consumption in one period: settled, plus what replies in flight reserved. */
    public record Consumption(long messages, long tokens, BigDecimal costUsd, long reservedTokens,
                              BigDecimal reservedCostUsd) {
        static final Consumption NONE = new Consumption(0, 0, BigDecimal.ZERO, 0, BigDecimal.ZERO);

        BigDecimal of(QuotaLimit limit) {
            return switch (limit) {
                case MESSAGES_PER_HOUR, MESSAGES_PER_DAY -> BigDecimal.valueOf(messages);
                case TOKENS_PER_DAY, TOKENS_PER_MONTH -> BigDecimal.valueOf(tokens + reservedTokens);
                case COST_PER_DAY, COST_PER_MONTH -> costUsd.add(reservedCostUsd);
            };
        }
    }

    /** The {@link QuotaGate} of the conversation when limits are enforced. */
    public List<QuotaWarning> reserve(QuotaGate.Request request) {
        ModelSpec spec = catalogue.find(request.model()).orElseThrow(() -> new ColloquyException(
                ErrorCode.MODEL_NOT_ALLOWED, "model " + request.model() + " is not offered"));
        Instant now = clock.instant();
        int prompt = window.fit(request.context(), spec).promptTokens();
        long tokens = (long) prompt + spec.outputReserve();
        BigDecimal cost = ModelCatalogue.cost(spec, new TokenUsage(prompt, spec.outputReserve()), now);
        boolean budgeted = !request.tenantBudget().equals(QuotaLimits.NONE);
        List<ReservedRow> rows = jdbi.withHandle(handle -> handle.createQuery("select * from quota_reserve(:user, "
                        + ":tenant, :reply, :hour, :day, :month, :tokens, :cost, :now, :expires, :budgeted)")
                .bind("user", request.userId()).bind("tenant", request.tenantId()).bind("reply", request.replyId())
                .bind("hour", Timestamp.from(UsagePeriod.HOUR.start(now)))
                .bind("day", Timestamp.from(UsagePeriod.DAY.start(now)))
                .bind("month", Timestamp.from(UsagePeriod.MONTH.start(now)))
                .bind("tokens", tokens).bind("cost", cost).bind("now", Timestamp.from(now))
                .bind("expires", Timestamp.from(now.plus(expiry))).bind("budgeted", budgeted)
                .map((rs, ctx) -> new ReservedRow(QuotaScope.valueOf(rs.getString("scope").toUpperCase(Locale.ROOT)),
                        rs.getString("period"), consumption(rs), rs.getLong("in_flight")))
                .list());
        Map<UsagePeriod, Consumption> user = new EnumMap<>(UsagePeriod.class);
        Map<UsagePeriod, Consumption> tenant = new EnumMap<>(UsagePeriod.class);
        long inFlight = 0;
        for (ReservedRow row : rows) {
            if (IN_FLIGHT.equals(row.period())) {
                inFlight = row.inFlight();
            } else {
                (row.scope() == QuotaScope.USER ? user : tenant)
                        .put(UsagePeriod.valueOf(row.period().toUpperCase(Locale.ROOT)), row.totals());
            }
        }
        refuseOverLimit(QuotaScope.USER, request.limits(), user, now);
        if (budgeted) {
            refuseOverLimit(QuotaScope.TENANT, request.tenantBudget(), tenant, now);
        }
        if (request.maxConcurrentReplies() > 0 && inFlight >= request.maxConcurrentReplies()) {
            throw new ColloquyException(ErrorCode.RATE_LIMITED, "you already have " + inFlight
                    + " replies in progress, the most your plan allows; wait for one to finish",
                    Map.of("limit", "concurrent-streams", "limitValue", request.maxConcurrentReplies(),
                            "retryAfterSeconds", 1));
        }
        List<QuotaWarning> warnings = new ArrayList<>(warnings(QuotaScope.USER, request.limits(), user, now));
        if (budgeted) {
            warnings.addAll(warnings(QuotaScope.TENANT, request.tenantBudget(), tenant, now));
        }
        return warnings;
    }

    /**
     * Replaces the reply's reservation by what it consumed. Without a reservation (it expired, or the reply
     * predates quotas) the usage is added to the periods of {@code at}.
     */
    public void settle(String replyId, String tenantId, String userId, long tokens, BigDecimal cost, Instant at) {
        jdbi.useHandle(handle -> handle.createQuery("select quota_settle(:reply, :tenant, :user, :tokens, :cost, "
                        + ":day, :month)")
                .bind("reply", replyId).bind("tenant", tenantId).bind("user", userId).bind("tokens", tokens)
                .bind("cost", cost == null ? BigDecimal.ZERO : cost)
                .bind("day", Timestamp.from(UsagePeriod.DAY.start(at)))
                .bind("month", Timestamp.from(UsagePeriod.MONTH.start(at)))
                .mapTo(String.class).findOne());
    }

    /** The reply has ended: it no longer counts against the user's replies in progress. */
    public void ended(String replyId) {
        jdbi.useHandle(handle -> handle.createUpdate("update quota_reservation set ended = true where reply_id = :reply")
                .bind("reply", replyId).execute());
    }

    /**
     * Deletes counter rows no limit reads any more: hours gone for two hours, days for 35 days (the usage
     * report reads the ledger, not these), months after 13.
     */
    public int forgetOldCounters() {
        Instant now = clock.instant();
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        delete from quota_counter
                        where (period = 'hour' and period_start < :hour) or (period = 'day' and period_start < :day)
                           or (period = 'month' and period_start < :month)""")
                .bind("hour", Timestamp.from(now.minus(Duration.ofHours(2))))
                .bind("day", Timestamp.from(now.minus(Duration.ofDays(35))))
                .bind("month", Timestamp.from(now.atZone(ZoneOffset.UTC).minusMonths(13).toInstant()))
                .execute());
    }

    /** Gives back reservations nobody settled in time; returns how many. Safe on every node at once. */
    public int releaseExpired() {
        return jdbi.inTransaction(handle -> {
            List<Expired> expired = handle.createQuery("delete from quota_reservation where expires_at < :now "
                            + "returning user_id, day_start, month_start, tokens, cost_usd")
                    .bind("now", Timestamp.from(clock.instant()))
                    .map((rs, ctx) -> new Expired(rs.getString(1), new Reserved(rs.getTimestamp(2).toInstant(),
                            rs.getTimestamp(3).toInstant(), rs.getLong(4), rs.getBigDecimal(5))))
                    .list();
            for (Expired e : expired) {
                Reserved r = e.reserved();
                giveBack(handle, e.userId(), UsagePeriod.DAY, r.dayStart(), r);
                giveBack(handle, e.userId(), UsagePeriod.MONTH, r.monthStart(), r);
            }
            return expired.size();
        });
    }

    /** The user's consumption in the periods around {@code at}. */
    public Map<UsagePeriod, Consumption> consumption(String userId, Instant at) {
        return jdbi.withHandle(handle -> {
            Map<UsagePeriod, Consumption> result = new EnumMap<>(UsagePeriod.class);
            for (UsagePeriod period : UsagePeriod.values()) {
                result.put(period, handle.createQuery("select messages, tokens, cost_usd, reserved_tokens, "
                                + "reserved_cost from quota_counter where user_id = :user and period = :period "
                                + "and period_start = :start")
                        .bind("user", userId).bind("period", period.wireName())
                        .bind("start", Timestamp.from(period.start(at)))
                        .map((rs, ctx) -> consumption(rs))
                        .findOne().orElse(Consumption.NONE));
            }
            return result;
        });
    }

    /** The limits whose soft threshold {@code totals} have reached. */
    public List<QuotaWarning> warnings(QuotaScope scope, QuotaLimits limits, Map<UsagePeriod, Consumption> totals,
                                       Instant now) {
        List<QuotaWarning> warnings = new ArrayList<>();
        for (QuotaLimit limit : QuotaLimit.values()) {
            BigDecimal value = limits.value(limit);
            BigDecimal used = totals.getOrDefault(limit.period(), Consumption.NONE).of(limit);
            if (value != null && used.multiply(HUNDRED).compareTo(value.multiply(softLimitPercent)) >= 0) {
                warnings.add(new QuotaWarning(scope, limit, limit.period().start(now), used, value));
            }
        }
        return warnings;
    }

    private static Consumption consumption(ResultSet rs) throws SQLException {
        return new Consumption(rs.getLong("messages"), rs.getLong("tokens"), rs.getBigDecimal("cost_usd"),
                rs.getLong("reserved_tokens"), rs.getBigDecimal("reserved_cost"));
    }

    /**
     * One row of {@code quota_reserve}: a period's new totals, the user's or the tenant's, or (period
     * {@value #IN_FLIGHT}) the user's replies in flight.
     */
    private record ReservedRow(QuotaScope scope, String period, Consumption totals, long inFlight) {
    }

    private record Reserved(Instant dayStart, Instant monthStart, long tokens, BigDecimal cost) {
    }

    private record Expired(String userId, Reserved reserved) {
    }

    private static void refuseOverLimit(QuotaScope scope, QuotaLimits limits, Map<UsagePeriod, Consumption> totals,
                                        Instant now) {
        for (QuotaLimit limit : QuotaLimit.values()) {
            BigDecimal value = limits.value(limit);
            if (value != null && totals.getOrDefault(limit.period(), Consumption.NONE).of(limit).compareTo(value) > 0) {
                Instant resetsAt = limit.period().end(now);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("scope", scope.wireName());
                details.put("limit", limit.wireName());
                details.put("limitValue", value);
                details.put("resetsAt", resetsAt.toString());
                String whose = scope == QuotaScope.TENANT ? "your organisation's " : "your ";
                throw new ColloquyException(ErrorCode.QUOTA_EXCEEDED, whose + limit.wireName()
                        + " quota of " + value.toPlainString() + " is used up until " + resetsAt, details);
            }
        }
    }

    private static void giveBack(Handle handle, String userId, UsagePeriod period, Instant start, Reserved r) {
        handle.createUpdate("update quota_counter set reserved_tokens = reserved_tokens - :tokens, "
                        + "reserved_cost = reserved_cost - :cost "
                        + "where user_id = :user and period = :period and period_start = :start")
                .bind("tokens", r.tokens()).bind("cost", r.cost()).bind("user", userId)
                .bind("period", period.wireName()).bind("start", Timestamp.from(start))
                .execute();
    }

}
