package dev.colloquy.infra.quota;

import dev.colloquy.command.account.AccountCache;
import dev.colloquy.command.model.ModelCatalogue;
import dev.colloquy.command.model.TokenCount;
import dev.colloquy.command.plan.Plans;
import dev.colloquy.command.quota.ChatAdmission;
import dev.colloquy.command.quota.QuotaGate;
import dev.colloquy.command.quota.QuotaReservations;
import dev.colloquy.command.quota.QuotaSettlement;
import dev.colloquy.command.ratelimit.LimitTelemetry;
import dev.colloquy.command.ratelimit.RateLimiter;
import dev.colloquy.command.reply.ReplyDeltaSink;
import dev.colloquy.infra.ColloquyProperties;
import dev.colloquy.infra.abuse.AbuseProperties;
import dev.colloquy.infra.schedule.PeriodicJob;
import java.time.Clock;
import java.time.Duration;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Rate limits and quotas: the shared counters in PostgreSQL, their settlement, and the sweep of lost reservations. */
@Configuration(proxyBeanMethods = false)
public class QuotaConfiguration {
    private static final Logger log = LoggerFactory.getLogger(QuotaConfiguration.class);

    @Bean
    public RateLimiter rateLimiter(Jdbi jdbi, CommandGateway commands, LimitTelemetry telemetry, Clock clock) {
        return new RateLimiter(jdbi, commands, telemetry, clock);
    }

    @Bean
    public QuotaReservations quotaReservations(Jdbi jdbi, ModelCatalogue catalogue, TokenCount tokens, Clock clock,
                                               ColloquyProperties properties) {
        ColloquyProperties.UsageLimits quotas = properties.usageLimits();
        if (quotas.reservationExpiry().compareTo(properties.replies().timeout()) <= 0) {
            throw new IllegalStateException("colloquy.usage-limits.reservation-expiry must be longer than "
                    + "colloquy.replies.timeout, or running replies would lose their reservation");
        }
        return new QuotaReservations(jdbi, catalogue, tokens, clock, quotas.softLimitPercent(),
                quotas.reservationExpiry());
    }

    /** What the conversation reserves a reply's budget with; nothing at all when limits are off. */
    @Bean
    public QuotaGate quotaGate(QuotaReservations reservations, ColloquyProperties properties) {
        return properties.usageLimits().enabled() ? reservations::reserve : QuotaGate.UNLIMITED;
    }

    @Bean
    @ConditionalOnProperty(name = "colloquy.usage-limits.enabled", havingValue = "true", matchIfMissing = true)
    public QuotaSettlement quotaSettlement(QuotaReservations reservations, RateLimiter limiter) {
        return new QuotaSettlement(reservations, limiter);
    }

    @Bean
    public ChatAdmission chatAdmission(RateLimiter limiter, Plans plans, AccountCache accounts,
                                       CommandGateway commands, ReplyDeltaSink sink, LimitTelemetry telemetry,
                                       ColloquyProperties properties, AbuseProperties abuse) {
        return new ChatAdmission(limiter, plans, accounts, commands, sink, telemetry,
                properties.usageLimits().enabled(), abuse.throttledRequestsPerMinute());
    }

    /**
     * Every node sweeps: the DELETE … RETURNING gives each expired reservation back exactly once, and buckets
     * idle long enough to be full are dropped.
     */
    @Bean
    public PeriodicJob limitSweep(QuotaReservations reservations, RateLimiter limiter,
                                  ColloquyProperties properties) {
        Duration idle = properties.usageLimits().reservationExpiry();
        return new PeriodicJob("quota-sweep", Duration.ofMinutes(1), () -> {
            int released = reservations.releaseExpired();
            if (released > 0) {
                log.warn("released {} quota reservations whose replies were never settled", released);
            }
            limiter.forgetFullBuckets(idle);
            reservations.forgetOldCounters();
        });
    }
}
