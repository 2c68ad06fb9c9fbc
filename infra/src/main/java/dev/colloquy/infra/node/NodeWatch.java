package dev.colloquy.infra.node;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * This node among the others, every heartbeat: says it is still there, compares catalogues, measures each
 * processor's lag and hands surplus segments to the other nodes. The figures it measured serve the metrics and
 * the health indicators, so neither queries the database when scraped.
 */
public class NodeWatch implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(NodeWatch.class);

    private final Jdbi jdbi;
    private final String nodeId;
    private final CatalogueAgreement catalogue;
    private final ProcessorLag lag;
    private final SegmentBalance balance;
    private final Duration heartbeat;
    private final MeterRegistry registry;
    private final Map<String, ProcessorLag.Status> processors = new ConcurrentHashMap<>();
    private volatile List<CatalogueAgreement.Difference> differences = List.of();
    private ScheduledExecutorService timer;

    public NodeWatch(Jdbi jdbi, String nodeId, CatalogueAgreement catalogue, ProcessorLag lag, SegmentBalance balance,
                     Duration heartbeat, MeterRegistry registry) {
        this.jdbi = jdbi;
        this.nodeId = nodeId;
        this.catalogue = catalogue;
        this.lag = lag;
        this.balance = balance;
        this.heartbeat = heartbeat;
        this.registry = registry;
        Gauge.builder("colloquy.catalogue.differing.nodes", this, watch -> watch.differences.size())
                .description("Live nodes whose model catalogue differs from this node's").register(registry);
    }

    public List<CatalogueAgreement.Difference> differences() {
        return differences;
    }

    public Map<String, ProcessorLag.Status> processors() {
        return Map.copyOf(processors);
    }

    private void beat() {
        try {
            differences = catalogue.heartbeat();
            lag.measure().forEach((name, status) -> {
                if (processors.put(name, status) == null) {
                    Gauge.builder("colloquy.processor.lag", processors, all -> all.get(name).behind())
                            .tag("processor", name).baseUnit("events")
                            .description("Events the processor's segments on this node are behind the store")
                            .register(registry);
                }
            });
            if (balance != null) {
                balance.rebalance();
            }
        } catch (RuntimeException e) {
            log.warn("node heartbeat failed: {}", e.toString());
        }
    }

    @Override
    public void start() {
        catalogue.announce();
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("node-watch").factory());
        timer.scheduleWithFixedDelay(this::beat, 0, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Leaves the cluster at once, so that the others take its share without waiting for it to age out. */
    @Override
    public void stop() {
        timer.shutdownNow();
        timer = null;
        try {
            jdbi.useHandle(h -> h.createUpdate("delete from cluster_node where node_id = :node")
                    .bind("node", nodeId).execute());
        } catch (RuntimeException e) {
            log.warn("could not leave the cluster table: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
