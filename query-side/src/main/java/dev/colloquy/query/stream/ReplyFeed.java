package dev.colloquy.query.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The numbered deltas of one reply, kept so that any subscriber can start or resume after any sequence number.
 * The first delta is published at once; later ones are coalesced to at most one per window, so every
 * subscriber sees the same numbering.
 */
public final class ReplyFeed {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Delta> published = new ArrayList<>();
    private final List<StreamEvent> notices = new ArrayList<>();
    private final StringBuilder pending = new StringBuilder();
    private final long windowNanos;
    private final ScheduledExecutorService flusher;
    private long lastPublishedAt;
    private boolean flushScheduled;
    private StreamEvent terminal;
    private boolean closed;
    private volatile long touchedAt = System.nanoTime();
    /** Set once another node watches this reply: every delta published from then on is handed to it. */
    private Consumer<Delta> relay;
    private Consumer<StreamEvent> noticeRelay;

    /** A published delta holds at most this much text, so that it fits one PostgreSQL notification. */
    static final int MAX_DELTA_CHARS = 1500;

    ReplyFeed(Duration coalesceWindow, ScheduledExecutorService flusher) {
        this.windowNanos = coalesceWindow.toNanos();
        this.flusher = flusher;
    }

    /**
     * Hands the notices and the deltas after {@code after} to the relays, and every later one as it is published,
     * in order: both happen under the feed's lock, so none is missed or sent twice.
     */
    void relayFrom(long after, Consumer<StreamEvent> noticeRelay, Consumer<Delta> relay) {
        lock.lock();
        try {
            notices.forEach(noticeRelay);
            published.stream().filter(delta -> delta.seq() > after).forEach(relay);
            this.noticeRelay = noticeRelay;
            this.relay = relay;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A delta another node published, in its numbering. Repeats (a history sent again) are dropped; a delta
     * beyond the next one cannot be placed and is dropped too (the ending, or a watch again, fills the gap).
     */
    void mirror(long seq, String text) {
        lock.lock();
        try {
            if (terminal == null && seq == published.size() + 1 && pending.isEmpty()) {
                published.add(new Delta(seq, text));
                touchedAt = System.nanoTime();
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    long lastSeq() {
        lock.lock();
        try {
            return published.size();
        } finally {
            lock.unlock();
        }
    }

    /** The text of every delta published so far. */
    String text() {
        lock.lock();
        try {
            StringBuilder text = new StringBuilder();
            published.forEach(delta -> text.append(delta.text()));
            return text.toString();
        } finally {
            lock.unlock();
        }
    }

    boolean isFinished() {
        return terminal().isPresent();
    }

    Optional<StreamEvent> terminal() {
        lock.lock();
        try {
            return Optional.ofNullable(terminal);
        } finally {
            lock.unlock();
        }
    }

    public record Delta(long seq, String text) {
    }

    /**
     * What a subscriber gets: the notices it has not had, the deltas after its position and, once all are
     * delivered, the terminal event.
     */
    public record Batch(List<StreamEvent> notices, List<Delta> deltas, StreamEvent terminal, boolean closed) {
        public boolean isEmpty() {
            return notices.isEmpty() && deltas.isEmpty() && terminal == null && !closed;
        }
    }

    void append(String text) {
        lock.lock();
        try {
            if (terminal != null || text.isEmpty()) {
                return;
            }
            pending.append(text);
            long now = System.nanoTime();
            if (published.isEmpty() || now - lastPublishedAt >= windowNanos) {
                publishPending(now);
            } else if (!flushScheduled) {
                flushScheduled = true;
                flusher.schedule(this::flush, lastPublishedAt + windowNanos - now, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Kept for every subscriber that starts from the beginning: it gets them before the first delta that follows
     * them (a reply's notices come before its text).
     */
    public void notice(StreamEvent event) {
        lock.lock();
        try {
            notices.add(event);
            if (noticeRelay != null) {
                noticeRelay.accept(event);
            }
            touchedAt = System.nanoTime();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A notice another node's feed holds; one of a name this mirror already has (a history sent again) is dropped. */
    void mirrorNotice(StreamEvent event) {
        lock.lock();
        try {
            if (terminal == null && notices.stream().noneMatch(notice -> notice.name().equals(event.name()))) {
                notice(event);
            }
        } finally {
            lock.unlock();
        }
    }

    public List<StreamEvent> notices() {
        lock.lock();
        try {
            return List.copyOf(notices);
        } finally {
            lock.unlock();
        }
    }

    void finish(StreamEvent event) {
        finish(event, false);
    }

    /**
     * Ends a mirror with the stored ending: whatever of the stored text follows what the mirror was sent comes as
     * one more delta, so that its subscribers read the whole reply.
     */
    void finishWithRest(StreamEvent event) {
        finish(event, true);
    }

    private void finish(StreamEvent event, boolean withRest) {
        lock.lock();
        try {
            if (terminal == null) {
                String shown = withRest ? text() : "";
                if (published.isEmpty() && pending.isEmpty()) {
                    // The text was generated elsewhere (another node, or before a restart): deliver it as a delta
                    // so that every subscriber reads a reply the same way.
                    pending.append(event.text());
                } else if (withRest && pending.isEmpty() && event.text().startsWith(shown)) {
                    pending.append(event.text().substring(shown.length()));
                }
                publishPending(System.nanoTime());
                terminal = event;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    public Batch awaitAfter(long afterSeq, Duration timeout) throws InterruptedException {
        return awaitAfter(afterSeq, Integer.MAX_VALUE, timeout);
    }

    /**
     * Waits up to {@code timeout} for something after {@code afterSeq} or after the first {@code noticesSeen}
     * notices; an empty batch means nothing came.
     */
    public Batch awaitAfter(long afterSeq, int noticesSeen, Duration timeout) throws InterruptedException {
        touchedAt = System.nanoTime();
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (published.size() <= afterSeq && notices.size() <= noticesSeen && terminal == null && !closed
                    && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            List<Delta> deltas = published.size() > afterSeq
                    ? List.copyOf(published.subList((int) Math.max(0, afterSeq), published.size()))
                    : List.of();
            List<StreamEvent> unseen = notices.size() > noticesSeen
                    ? List.copyOf(notices.subList(noticesSeen, notices.size())) : List.of();
            return new Batch(unseen, deltas, terminal, closed);
        } finally {
            lock.unlock();
        }
    }

    /** This node stops serving the feed; subscribers end their streams and resume elsewhere. */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean idleLongerThan(Duration retention) {
        return System.nanoTime() - touchedAt > retention.toNanos();
    }

    private void flush() {
        lock.lock();
        try {
            flushScheduled = false;
            publishPending(System.nanoTime());
        } finally {
            lock.unlock();
        }
    }

    private void publishPending(long now) {
        if (pending.isEmpty()) {
            return;
        }
        int from = 0;
        while (from < pending.length()) {
            int to = Math.min(pending.length(), from + MAX_DELTA_CHARS);
            if (to < pending.length() && Character.isHighSurrogate(pending.charAt(to - 1))) {
                to--;
            }
            Delta delta = new Delta(published.size() + 1, pending.substring(from, to));
            published.add(delta);
            if (relay != null) {
                relay.accept(delta);
            }
            from = to;
        }
        pending.setLength(0);
        lastPublishedAt = now;
        touchedAt = now;
        changed.signalAll();
    }
}
