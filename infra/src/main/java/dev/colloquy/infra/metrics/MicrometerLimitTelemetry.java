package dev.colloquy.infra.metrics;

import dev.colloquy.command.ratelimit.LimitTelemetry;
import dev.colloquy.kernel.quota.QuotaLimit;
import dev.colloquy.kernel.quota.QuotaScope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code colloquy_rate_limited_total{limit}}, {@code colloquy_quota_exceeded_total{scope,limit}} and
 * {@code colloquy_quota_warnings_total{scope,limit}}: a handful of label values each, never ids.
 */
@Component
public class MicrometerLimitTelemetry implements LimitTelemetry {
    private final MeterRegistry registry;

    public MicrometerLimitTelemetry(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void rateLimited(String limit) {
        Counter.builder("colloquy.rate.limited").description("Requests refused by a rate limit")
                .tag("limit", limit).register(registry).increment();
    }

    @Override
    public void quotaExceeded(QuotaScope scope, QuotaLimit limit) {
        Counter.builder("colloquy.quota.exceeded").description("Chat requests refused by a hard quota limit")
                .tag("scope", scope.wireName()).tag("limit", limit.wireName()).register(registry).increment();
    }

    @Override
    public void quotaWarned(QuotaScope scope, QuotaLimit limit) {
        Counter.builder("colloquy.quota.warnings").description("Accepted chat requests past a soft quota limit")
                .tag("scope", scope.wireName()).tag("limit", limit.wireName()).register(registry).increment();
    }
}
