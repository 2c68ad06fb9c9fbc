package dev.colloquy.infra.node;

import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.jdbi.v3.core.Jdbi;

/**
 * How far each streaming processor is behind the event store, in events, over the segments this node holds:
 * the head's global index less the lowest position among them. A processor with no segment here is behind by
 * nothing here (another node is processing it, and reports its own lag).
 */
public class ProcessorLag {
    private final EventProcessingConfiguration processing;
    private final Jdbi jdbi;

    public ProcessorLag(EventProcessingConfiguration processing, Jdbi jdbi) {
        this.processing = processing;
        this.jdbi = jdbi;
    }

    /** One processor on this node: segments held, events behind, and whether any segment is in error. */
    public record Status(int segments, long behind, boolean failing) {
    }

    public Map<String, Status> measure() {
        long head = jdbi.withHandle(h -> h.createQuery("select coalesce(max(globalindex), -1) from domainevententry")
                .mapTo(Long.class).one());
        Map<String, Status> lag = new TreeMap<>();
        processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast)
                .forEach(processor -> lag.put(processor.getName(), status(processor, head)));
        return lag;
    }

    private static Status status(StreamingEventProcessor processor, long head) {
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        long lowest = head;
        boolean failing = false;
        for (EventTrackerStatus segment : segments.values()) {
            failing |= segment.isErrorState();
            OptionalLong position = segment.getCurrentPosition();
            // a segment with no position yet has not processed an event: all of them are ahead of it
            lowest = Math.min(lowest, position.isPresent() ? position.getAsLong() : -1);
        }
        return new Status(segments.size(), segments.isEmpty() ? 0 : Math.max(0, head - lowest), failing);
    }
}
