package dev.colloquy.command.plan;

import dev.colloquy.command.ratelimit.RateLimits;
import dev.colloquy.kernel.quota.QuotaLimits;
import java.util.List;

/**
 * What a subscription gives: the models its users may call, the longest message they may post, how fast they
 * may send (rate limits), how much each user may consume per period (quotas, which a tenant's or a user's
 * overrides replace), how much a tenant's users together may (its budget, which the tenant's own replaces) and
 * what its knowledge bases may hold.
 * Plans are configuration; which plan a tenant or user is on is recorded in events.
 */
public record Plan(String name, List<String> models, int maxContentChars, RateLimits rateLimits,
                   QuotaLimits quotas, QuotaLimits tenantBudget, KnowledgeLimits knowledge) {
    public Plan {
        models = List.copyOf(models);
        if (maxContentChars < 1) {
            throw new IllegalArgumentException("plan " + name + ": max-content-chars must be positive");
        }
        rateLimits = rateLimits == null ? RateLimits.NONE : rateLimits;
        quotas = quotas == null ? QuotaLimits.NONE : quotas;
        tenantBudget = tenantBudget == null ? QuotaLimits.NONE : tenantBudget;
        knowledge = knowledge == null ? KnowledgeLimits.DEFAULT : knowledge;
    }

    public Plan(String name, List<String> models, int maxContentChars) {
        this(name, models, maxContentChars, RateLimits.NONE, QuotaLimits.NONE, QuotaLimits.NONE, null);
    }
}
