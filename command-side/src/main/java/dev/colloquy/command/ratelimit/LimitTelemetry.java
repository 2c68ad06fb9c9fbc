package dev.colloquy.command.ratelimit;

import dev.colloquy.kernel.quota.QuotaLimit;
import dev.colloquy.kernel.quota.QuotaScope;

/**
 * What operators watch of the limits: every refusal and warning, by limit name. Labels are limit names only,
 * never user or tenant ids; who hit a limit is in the events.
 */
public interface LimitTelemetry {
    /** {@code limit} names the bucket or limit that refused, e.g. {@code user-requests-per-minute}. */
    void rateLimited(String limit);

    void quotaExceeded(QuotaScope scope, QuotaLimit limit);

    void quotaWarned(QuotaScope scope, QuotaLimit limit);
}
