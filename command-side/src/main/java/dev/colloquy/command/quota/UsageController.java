package dev.colloquy.command.quota;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.colloquy.command.quota.QuotaReservations.Consumption;
import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.quota.QuotaLimit;
import dev.colloquy.kernel.usage.UsagePeriod;
import dev.colloquy.kernel.quota.QuotaLimits;
import dev.colloquy.kernel.quota.QuotaScope;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/usage/me}: the caller's consumption in the current hour, day and month (what the quota
 * counts: settled usage plus what replies in progress reserved), each limit with what remains, and the
 * warnings the caller would get now. Quotas count only messages per hour, so the hour has no token or cost
 * figures (the usage report has them, from the ledger).
 */
@RestController
public class UsageController {
    private final QuotaReservations reservations;
    private final ChatAdmission admission;
    private final Clock clock;

    public UsageController(QuotaReservations reservations, ChatAdmission admission, Clock clock) {
        this.reservations = reservations;
        this.admission = admission;
        this.clock = clock;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    /** Amounts of money and limits are decimal strings, as in the admin and billing APIs: never a float. */
    public record PeriodUsage(Instant start, Instant resetsAt, long messages, Long tokens, String costUsd,
                              Long reservedTokens, String reservedCostUsd) {
    }

    public record LimitStatus(String limit, String value, String used, String remaining, Instant resetsAt) {
    }

    private static String plain(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }

    public record MyUsage(String plan, Map<String, PeriodUsage> periods, List<LimitStatus> limits,
                          List<Map<String, Object>> warnings) {
    }

    @GetMapping("/api/v1/usage/me")
    public MyUsage me(Caller caller) {
        Instant now = clock.instant();
        Map<UsagePeriod, Consumption> consumption = reservations.consumption(caller.userId(), now);
        QuotaLimits quota = admission.quotaOf(caller);
        Map<String, PeriodUsage> periods = new LinkedHashMap<>();
        consumption.forEach((period, c) -> periods.put(period.wireName(), period == UsagePeriod.HOUR
                ? new PeriodUsage(period.start(now), period.end(now), c.messages(), null, null, null, null)
                : new PeriodUsage(period.start(now), period.end(now), c.messages(), c.tokens(), plain(c.costUsd()),
                        c.reservedTokens(), plain(c.reservedCostUsd()))));
        List<LimitStatus> limits = new ArrayList<>();
        for (QuotaLimit limit : QuotaLimit.values()) {
            BigDecimal value = quota.value(limit);
            if (value != null) {
                BigDecimal used = consumption.get(limit.period()).of(limit);
                limits.add(new LimitStatus(limit.wireName(), plain(value), plain(used),
                        plain(value.subtract(used).max(BigDecimal.ZERO)), limit.period().end(now)));
            }
        }
        return new MyUsage(admission.planOf(caller), periods, limits,
                reservations.warnings(QuotaScope.USER, quota, consumption, now).stream().map(ChatAdmission::describe)
                        .toList());
    }
}
