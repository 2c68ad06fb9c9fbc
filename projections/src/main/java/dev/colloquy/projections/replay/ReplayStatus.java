package dev.colloquy.projections.replay;

import java.time.Instant;

/**
 * Where a read model's rebuild stands. {@code position} is the lowest global index its segments have reached on
 * this node (null before they claim one); {@code head} the newest event when the rebuild was asked for;
 * {@code retrying} that a segment is in error and retrying its batch; {@code error} why a rebuild could not start.
 */
public record ReplayStatus(String projection, State state, String requestedBy, Instant startedAt,
                           Instant finishedAt, long head, Long position, boolean retrying, String error) {
    public enum State { IDLE, RUNNING, COMPLETED, FAILED }

    static ReplayStatus idle(String projection) {
        return new ReplayStatus(projection, State.IDLE, null, null, null, 0, null, false, null);
    }
}
