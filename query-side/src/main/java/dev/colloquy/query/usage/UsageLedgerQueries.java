package dev.colloquy.query.usage;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

/**
 * Reads {@code usage_ledger} (written by the projections' usage-ledger processor). Every sum is taken by
 * PostgreSQL over exact numerics; a range reads the day rows and a billed month its month rows, so neither
 * ever counts an hour twice.
 */
@Component
public class UsageLedgerQueries {
    private static final String SUMS = """
            coalesce(sum(requests), 0) as requests, coalesce(sum(prompt_tokens), 0) as prompt_tokens,
            coalesce(sum(completion_tokens), 0) as completion_tokens,
            coalesce(sum(unpriced_requests), 0) as unpriced_requests, coalesce(sum(cost_usd), 0) as cost_usd,
            coalesce(sum(estimated_requests), 0) as estimated_requests,
            coalesce(sum(estimated_tokens), 0) as estimated_tokens""";

    private static final int LINE = 0b000;
    private static final int TENANT = 0b011;

    private final Jdbi jdbi;

    public UsageLedgerQueries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public UsageReport usage(String tenantId, ReportRange range, UsageGrouping grouping) {
        String group = grouping.expression();
        // The empty grouping set adds the total of all groups, as the last row (its group is null).
        List<UsageReport.Row> rows = jdbi.withHandle(h -> h.createQuery("""
                        select %1$s as grp, %2$s
                        from usage_ledger
                        where tenant_id = :tenant and period = 'day'
                          and period_start >= :start and period_start < :end
                        group by grouping sets ((%1$s), ())
                        order by grouping(%1$s), grp""".formatted(group, SUMS))
                .bind("tenant", tenantId).bind("start", range.start()).bind("end", range.endExclusive())
                .map((rs, ctx) -> new UsageReport.Row(rs.getString("grp"), figures(rs)))
                .list());
        return new UsageReport(tenantId, range.from().toString(), range.to().toString(), grouping.wire(),
                List.copyOf(rows.subList(0, rows.size() - 1)), rows.getLast().usage());
    }

    /** Every tenant's charges when {@code tenantId} is null, else that tenant's. */
    public BillingStatement billing(String tenantId, BillingMonth month) {
        List<Sum> sums = jdbi.withHandle(h -> h.createQuery("""
                        select tenant_id, user_id, model, grouping(tenant_id, user_id, model) as level, %s
                        from usage_ledger
                        where period = 'month' and period_start >= :start and period_start < :end
                          and (cast(:tenant as varchar) is null or tenant_id = :tenant)
                        group by grouping sets ((tenant_id, user_id, model), (tenant_id), ())
                        order by grouping(tenant_id), tenant_id, level, user_id, model""".formatted(SUMS))
                .bind("tenant", tenantId).bind("start", month.start()).bind("end", month.endExclusive())
                .map((rs, ctx) -> new Sum(rs.getInt("level"), rs.getString("tenant_id"), rs.getString("user_id"),
                        rs.getString("model"), figures(rs)))
                .list());
        return new BillingStatement(month.toString(),
                sums.stream().filter(s -> s.level == LINE)
                        .map(s -> new BillingStatement.Line(s.tenantId, s.userId, s.model, s.usage)).toList(),
                sums.stream().filter(s -> s.level == TENANT)
                        .map(s -> new BillingStatement.TenantTotal(s.tenantId, s.usage)).toList(),
                sums.getLast().usage);
    }

    /** A row of the grouping sets; {@code level} has a bit set for each column summed over. */
    private record Sum(int level, String tenantId, String userId, String model, UsageFigures usage) {
    }

    private static UsageFigures figures(ResultSet rs) throws SQLException {
        BigDecimal cost = rs.getBigDecimal("cost_usd");
        return UsageFigures.of(rs.getLong("requests"), rs.getLong("prompt_tokens"), rs.getLong("completion_tokens"),
                rs.getLong("unpriced_requests"), cost, rs.getLong("estimated_requests"),
                rs.getLong("estimated_tokens"));
    }
}
