package dev.colloquy.infra.metrics;

import dev.colloquy.kernel.abuse.UserRestricted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * {@code colloquy_abuse_restrictions_total{mode,by}}: restrictions as they are recorded, by mode and by who
 * decided (policy or admin); never user ids. A subscribing processor sees each event once, on the node that
 * recorded it, and never on a replay.
 */
@Component
@ProcessingGroup("abuse-metrics")
public class AbuseRestrictionMetrics {
    private final MeterRegistry registry;

    public AbuseRestrictionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @EventHandler
    void on(UserRestricted event) {
        Counter.builder("colloquy.abuse.restrictions").description("Users suspended or throttled for abuse")
                .tag("mode", event.mode().wireName()).tag("by", event.automatic() ? "policy" : "admin")
                .register(registry).increment();
    }
}
