package dev.colloquy.projections.replay;

import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

/**
 * Rebuilds a read model from the event store: the processor stops, its tokens go back to the start (its
 * {@code @ResetHandler} empties the tables), and it replays every event while commands, queries and the other
 * processors carry on. Without Axon Server this only stops the processor on this node: while another node holds
 * a segment of it, the reset cannot claim that segment and the request is refused as a conflict (see
 * docs/adr/0010-rebuilding-read-models-in-place.md).
 */
@Component
public class ProjectionReplay {
    private final EventProcessingConfiguration processing;
    private final Jdbi jdbi;
    private final Set<String> readModels = new TreeSet<>();

    public ProjectionReplay(EventProcessingConfiguration processing, Jdbi jdbi, List<ReadModel> readModels) {
        this.processing = processing;
        this.jdbi = jdbi;
        readModels.forEach(model -> this.readModels.add(model.processingGroup()));
    }

    public Set<String> readModels() {
        return Set.copyOf(readModels);
    }

    /**
     * Starts a rebuild asked for by {@code actor}: claims the status row (one request wins, even when two arrive
     * at once), runs {@code record} so the request is on record before anything is reset, then resets. A rebuild
     * already running is a conflict, unless its processor is stuck in error, which a new request restarts.
     */
    public ReplayStatus start(String projection, String actor, Runnable record) {
        requireReadModel(projection);
        ReplayStatus current = status(projection);
        if (current.state() == ReplayStatus.State.RUNNING && !current.retrying()) {
            throw new ColloquyException(ErrorCode.CONFLICT, "a rebuild of " + projection + " is already running",
                    Map.of("projection", projection));
        }
        Instant stuckSince = current.state() == ReplayStatus.State.RUNNING ? current.startedAt() : null;
        long head = jdbi.withHandle(h -> h.createQuery("select coalesce(max(globalindex), -1) from domainevententry")
                .mapTo(Long.class).one());
        boolean claimed = jdbi.withHandle(h -> h.createQuery("""
                        insert into projection_replay (projection, state, requested_by, started_at, head)
                        values (:projection, 'RUNNING', :actor, clock_timestamp(), :head)
                        on conflict (projection) do update set state = 'RUNNING', requested_by = :actor,
                            started_at = clock_timestamp(), finished_at = null, head = :head, error = null
                        where projection_replay.state <> 'RUNNING' or projection_replay.started_at = :stuckSince
                        returning projection""")
                .bind("projection", projection).bind("actor", actor).bind("head", head)
                .bind("stuckSince", stuckSince).mapTo(String.class).findOne().isPresent());
        if (!claimed) {
            throw new ColloquyException(ErrorCode.CONFLICT, "a rebuild of " + projection + " is already running",
                    Map.of("projection", projection));
        }
        try {
            record.run();
            rebuild(projection);
        } catch (UnableToClaimTokenException e) {
            fail(projection, "another node is running this processor");
            throw new ColloquyException(ErrorCode.CONFLICT, "another node is running " + projection
                    + "; stop it there before rebuilding", Map.of("projection", projection));
        } catch (RuntimeException e) {
            fail(projection, e.toString());
            throw e;
        }
        return status(projection);
    }

    /**
     * The last rebuild's status; a running one is marked completed once every segment has passed the head
     * recorded at its start. Progress is read from the token store, which every node shares, so any node answers
     * the same whichever node runs the segments; only {@code retrying} is this node's own view.
     */
    public ReplayStatus status(String projection) {
        requireReadModel(projection);
        ReplayStatus recorded = jdbi.withHandle(h -> h.createQuery("""
                        select projection, state, requested_by, started_at, finished_at, head, error
                        from projection_replay where projection = :projection""")
                .bind("projection", projection)
                .map((rs, ctx) -> new ReplayStatus(rs.getString("projection"),
                        ReplayStatus.State.valueOf(rs.getString("state")), rs.getString("requested_by"),
                        rs.getTimestamp("started_at").toInstant(),
                        rs.getTimestamp("finished_at") == null ? null : rs.getTimestamp("finished_at").toInstant(),
                        rs.getLong("head"), null, false, rs.getString("error")))
                .findOne().orElse(null));
        if (recorded == null) {
            return ReplayStatus.idle(projection);
        }
        Long position = storedPosition(projection);
        boolean retrying = processor(projection).processingStatus().values().stream()
                .anyMatch(EventTrackerStatus::isErrorState);
        if (recorded.state() == ReplayStatus.State.RUNNING && position != null && position >= recorded.head()) {
            Instant finished = jdbi.withHandle(h -> h.createQuery("""
                            update projection_replay set state = 'COMPLETED', finished_at = now()
                            where projection = :projection and state = 'RUNNING' returning finished_at""")
                    .bind("projection", projection).mapTo(Instant.class).findOne().orElse(Instant.now()));
            return new ReplayStatus(projection, ReplayStatus.State.COMPLETED, recorded.requestedBy(),
                    recorded.startedAt(), finished, recorded.head(), position, retrying, null);
        }
        return new ReplayStatus(projection, recorded.state(), recorded.requestedBy(), recorded.startedAt(),
                recorded.finishedAt(), recorded.head(), position, retrying, recorded.error());
    }

    /** Resets and restarts the processor; it is started again even when the reset fails, never left stopped. */
    public void rebuild(String processingGroup) {
        StreamingEventProcessor processor = processor(processingGroup);
        if (processor instanceof PooledStreamingEventProcessor pooled) {
            pooled.shutdownAsync().join();
        } else {
            processor.shutDown();
        }
        try {
            processor.resetTokens();
        } finally {
            processor.start();
        }
    }

    /**
     * The lowest position the processor's segments have stored (a replay token's current position, or the
     * plain token's), or null while any segment has none yet. Tokens are Jackson JSON in {@code tokenentry}.
     */
    private Long storedPosition(String processingGroup) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select case when count(*) > 0 and bool_and(position is not null) then min(position) end
                        from (select coalesce((t.json -> 'currentToken' ->> 'index')::bigint,
                                              (t.json ->> 'index')::bigint) as position
                              from (select convert_from(token, 'UTF8')::jsonb as json from tokenentry
                                    where processorname = :name) t) segments""")
                .bind("name", processingGroup).mapTo(Long.class).findOne().orElse(null));
    }

    private void fail(String projection, String error) {
        jdbi.useHandle(h -> h.createUpdate("""
                        update projection_replay set state = 'FAILED', finished_at = clock_timestamp(), error = :error
                        where projection = :projection""")
                .bind("projection", projection).bind("error", error).execute());
    }

    /**
     * True once every claimed segment has reached the head of the event store. (A segment keeps reporting
     * "replaying" until an event newer than the reset arrives, so that flag says nothing about progress.)
     */
    public boolean caughtUp(String processingGroup) {
        Map<Integer, EventTrackerStatus> status = processor(processingGroup).processingStatus();
        return !status.isEmpty() && status.values().stream().allMatch(s -> s.isCaughtUp() && !s.isErrorState());
    }

    /** True once every segment of the processor has passed {@code globalIndex} (false before they are claimed). */
    public boolean hasProcessed(String processingGroup, long globalIndex) {
        Map<Integer, EventTrackerStatus> status = processor(processingGroup).processingStatus();
        return !status.isEmpty() && status.values().stream().allMatch(s -> !s.isErrorState()
                && s.getCurrentPosition().isPresent() && s.getCurrentPosition().getAsLong() >= globalIndex);
    }

    private void requireReadModel(String projection) {
        if (!readModels.contains(projection)) {
            throw ColloquyException.notFound("read model " + projection);
        }
    }

    private StreamingEventProcessor processor(String processingGroup) {
        return processing.eventProcessor(processingGroup, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalArgumentException("no streaming processor " + processingGroup));
    }
}
