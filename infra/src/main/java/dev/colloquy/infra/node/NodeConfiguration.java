package dev.colloquy.infra.node;

import dev.colloquy.command.model.ModelCatalogue;
import dev.colloquy.infra.ColloquyProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.jdbi.v3.core.Jdbi;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The node among the others: its catalogue compared with theirs, its processors' lag, its share of their
 * segments. Both health indicators answer {@code DEGRADED} (HTTP 200, so no load balancer drops the node for
 * it) with what is wrong; the log says it once, loudly.
 */
@Configuration
public class NodeConfiguration {
    static final Status DEGRADED = new Status("DEGRADED");

    @Bean
    public NodeWatch nodeWatch(Jdbi jdbi, ColloquyProperties properties, ModelCatalogue catalogue,
                               EventProcessingConfiguration processing, MeterRegistry registry) {
        String node = NodeName.of(properties).value();
        ColloquyProperties.Cluster cluster = properties.cluster();
        SegmentBalance balance = cluster.balanceSegments()
                ? new SegmentBalance(processing, jdbi, cluster.liveFor(), cluster.heartbeat().multipliedBy(2))
                : null;
        return new NodeWatch(jdbi, node, new CatalogueAgreement(jdbi, node, catalogue, cluster.liveFor()),
                new ProcessorLag(processing, jdbi), balance, cluster.heartbeat(), registry);
    }

    @Bean
    public HealthIndicator catalogueHealthIndicator(NodeWatch watch) {
        return () -> {
            if (watch.differences().isEmpty()) {
                return Health.up().build();
            }
            Health.Builder health = Health.status(DEGRADED);
            watch.differences().forEach(d -> health.withDetail(d.nodeId(), Map.of("onlyHere", d.onlyHere(),
                    "onlyThere", d.onlyThere(), "configuredDifferently", d.unlike())));
            return health.build();
        };
    }

    @Bean
    public HealthIndicator processorsHealthIndicator(NodeWatch watch, ColloquyProperties properties) {
        long warning = properties.cluster().lagWarning();
        return () -> {
            Map<String, ProcessorLag.Status> processors = watch.processors();
            boolean degraded = processors.values().stream().anyMatch(s -> s.failing() || s.behind() > warning);
            return (degraded ? Health.status(DEGRADED) : Health.up()).withDetails(Map.copyOf(processors)).build();
        };
    }
}
