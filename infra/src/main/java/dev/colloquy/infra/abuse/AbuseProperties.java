package dev.colloquy.infra.abuse;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Abuse handling ({@code colloquy.abuse.*}): the policy of tenants that have not set their own (a user whose
 * score reaches {@code default-threshold} is suspended, throttled or only flagged), how often each node sweeps
 * for such users, and the rate a throttled user is held to.
 */
@ConfigurationProperties("colloquy.abuse")
public record AbuseProperties(@DefaultValue("60") int defaultThreshold,
                              @DefaultValue("throttle") String defaultAction,
                              @DefaultValue("10s") Duration sweepInterval,
                              @DefaultValue("2") int throttledRequestsPerMinute) {
    public AbuseProperties {
        if (throttledRequestsPerMinute < 1) {
            throw new IllegalArgumentException("colloquy.abuse.throttled-requests-per-minute must be at least 1");
        }
    }
}
