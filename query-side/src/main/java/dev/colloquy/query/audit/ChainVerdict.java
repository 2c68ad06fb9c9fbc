package dev.colloquy.query.audit;

import java.util.Arrays;
import java.util.List;

/**
 * Whether a conversation's stored events still form the chain the database wrote as they were appended.
 * {@code events} counts the stored events checked; {@code firstBrokenSeq} is the first sequence number that is
 * not as appended, and {@code problem} says how: {@code missing} (the event was deleted), {@code altered} (its
 * bytes no longer hash to its stored hash), {@code unlinked} (it no longer points at the event before it) or
 * {@code head} (the chain head no longer matches the newest stored event).
 */
public record ChainVerdict(boolean valid, long events, Long firstBrokenSeq, String problem) {

    /** A stored event: its chain link as stored and the hash its stored bytes give now. */
    record Link(long sequence, byte[] prevHash, byte[] hash, byte[] recomputed) {
    }

    /** The last link the append trigger wrote for the aggregate. */
    record Head(long lastSequence, byte[] lastHash) {
    }

    /** Walks the links in sequence order from 0; {@code head} is null when the aggregate has none. */
    static ChainVerdict of(List<Link> links, Head head) {
        long expected = 0;
        byte[] previous = null;
        for (Link link : links) {
            if (link.sequence() != expected) {
                return broken(links, expected, "missing");
            }
            if (!Arrays.equals(link.prevHash(), previous)) {
                return broken(links, link.sequence(), "unlinked");
            }
            if (!Arrays.equals(link.hash(), link.recomputed())) {
                return broken(links, link.sequence(), "altered");
            }
            previous = link.hash();
            expected++;
        }
        if (head == null) {
            return links.isEmpty() ? new ChainVerdict(true, 0, null, null) : broken(links, expected, "head");
        }
        if (head.lastSequence() >= expected) {
            return broken(links, expected, "missing");
        }
        if (head.lastSequence() != expected - 1 || !Arrays.equals(head.lastHash(), previous)) {
            return broken(links, Math.min(head.lastSequence() + 1, expected - 1), "head");
        }
        return new ChainVerdict(true, links.size(), null, null);
    }

    private static ChainVerdict broken(List<Link> links, long sequence, String problem) {
        return new ChainVerdict(false, links.size(), sequence, problem);
    }
}
