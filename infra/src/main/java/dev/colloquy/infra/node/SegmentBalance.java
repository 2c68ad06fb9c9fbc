package dev.colloquy.infra.node;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares each processor's segments among the live nodes. Axon without Axon Server lets the first node to start
 * claim every segment and keep them, so a second node would process nothing (and a kill of the first would stop
 * everything for the claim timeout). A node holding more than its share of a processor (its segments over the
 * live nodes, rounded up) releases the surplus for a while, through Axon's own {@code releaseSegment}; another
 * node claims it, and if none does, this node takes it back when the release expires. Nothing but the share is
 * decided here: claims, tokens and their timeouts stay Axon's.
 */
public class SegmentBalance {
    private static final Logger log = LoggerFactory.getLogger(SegmentBalance.class);

    private final EventProcessingConfiguration processing;
    private final Jdbi jdbi;
    private final Duration liveFor;
    private final Duration releaseFor;

    public SegmentBalance(EventProcessingConfiguration processing, Jdbi jdbi, Duration liveFor, Duration releaseFor) {
        this.processing = processing;
        this.jdbi = jdbi;
        this.liveFor = liveFor;
        this.releaseFor = releaseFor;
    }

    public void rebalance() {
        int nodes = jdbi.withHandle(h -> h.createQuery(
                        "select count(*) from cluster_node where seen_at > now() - make_interval(secs => :live)")
                .bind("live", (double) liveFor.toSeconds()).mapTo(Integer.class).one());
        if (nodes < 2) {
            return;
        }
        Map<String, Integer> segments = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("select processorname, count(*) from tokenentry group by processorname")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
                .forEach(entry -> segments.put(entry.getKey(), entry.getValue())));
        processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast)
                .forEach(processor -> shareOf(processor, segments.getOrDefault(processor.getName(), 0), nodes));
    }

    private void shareOf(StreamingEventProcessor processor, int segments, int nodes) {
        int share = (segments + nodes - 1) / nodes;
        List<Integer> held = processor.processingStatus().keySet().stream().sorted().toList();
        for (int segment : held.subList(0, Math.max(0, held.size() - share))) {
            log.debug("{}: releasing segment {} of {} for another of {} nodes", processor.getName(), segment,
                    segments, nodes);
            processor.releaseSegment(segment, releaseFor.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
