package dev.colloquy.query.audit;

import dev.colloquy.kernel.error.ColloquyException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;

/** A moment of a conversation's history: after its event {@code atSeq}, or as of the instant {@code asOf}. */
record PointInTime(Long atSeq, Instant asOf) {

    /** Exactly one of the two, {@code asOf} in ISO-8601 with an offset ({@code 2026-03-01T12:00:00Z}). */
    static PointInTime parse(String asOf, String atSeq) {
        if ((asOf == null) == (atSeq == null)) {
            throw ColloquyException.invalid("asOf", "give exactly one of asOf and atSeq");
        }
        if (atSeq != null) {
            try {
                long sequence = Long.parseLong(atSeq);
                if (sequence >= 0) {
                    return new PointInTime(sequence, null);
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw ColloquyException.invalid("atSeq", "atSeq must be a sequence number (0 or more)");
        }
        try {
            return new PointInTime(null, OffsetDateTime.parse(asOf).toInstant());
        } catch (DateTimeParseException e) {
            throw ColloquyException.invalid("asOf", "asOf must be an ISO-8601 date-time with an offset, e.g. "
                    + "2026-03-01T12:00:00Z");
        }
    }

    /**
     * How many of the events, oldest first, make up the conversation at this point: up to event {@code atSeq},
     * or up to the last event stamped at or before {@code asOf} (the history stays a prefix even if a node's
     * clock stamped an earlier event later).
     */
    int prefixOf(List<? extends DomainEventMessage<?>> events) {
        int length = 0;
        for (int i = 0; i < events.size(); i++) {
            DomainEventMessage<?> event = events.get(i);
            boolean reached = atSeq != null ? event.getSequenceNumber() <= atSeq : !event.getTimestamp().isAfter(asOf);
            if (reached) {
                length = i + 1;
            }
        }
        return length;
    }

    Map<String, String> parameters() {
        return atSeq != null ? Map.of("atSeq", atSeq.toString()) : Map.of("asOf", asOf.toString());
    }
}
