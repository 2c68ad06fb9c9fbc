package dev.colloquy.projections.replay;

import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.springframework.stereotype.Component;

/**
 * Rebuilds a read model from the event store: the processor stops, its tokens go back to the start (its
 * {@code @ResetHandler} empties the tables), and it replays every event. Without Axon Server this only stops
 * the processor on this node; in a cluster, every node must stop it first.
 */
@Component
public class ProjectionReplay {
    private final EventProcessingConfiguration processing;

    public ProjectionReplay(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    public void rebuild(String processingGroup) {
        StreamingEventProcessor processor = processor(processingGroup);
        if (processor instanceof PooledStreamingEventProcessor pooled) {
            pooled.shutdownAsync().join();
        } else {
            processor.shutDown();
        }
        processor.resetTokens();
        processor.start();
    }

    /**
     * True once every claimed segment has reached the head of the event store. (A segment keeps reporting
     * "replaying" until an event newer than the reset arrives, so that flag says nothing about progress.)
     */
    public boolean caughtUp(String processingGroup) {
        Map<Integer, EventTrackerStatus> status = processor(processingGroup).processingStatus();
        return !status.isEmpty() && status.values().stream().allMatch(s -> s.isCaughtUp() && !s.isErrorState());
    }

    private StreamingEventProcessor processor(String processingGroup) {
        return processing.eventProcessor(processingGroup, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalArgumentException("no streaming processor " + processingGroup));
    }
}
