package dev.colloquy.query.stream;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * In-process fan-out of reply deltas to SSE subscribers. A feed lives while its reply streams and for the
 * retention time after its last activity, so late subscribers and reconnects replay from memory.
 */
public class ReplyFanOut implements AutoCloseable {
    private final Map<String, ReplyFeed> feeds = new ConcurrentHashMap<>();
    private final Duration coalesceWindow;
    private final Duration retention;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("reply-fan-out").factory());

    public ReplyFanOut(Duration coalesceWindow, Duration retention) {
        this.coalesceWindow = coalesceWindow;
        this.retention = retention;
        long sweep = Math.max(1, retention.toSeconds() / 4);
        scheduler.scheduleWithFixedDelay(this::evictIdle, sweep, sweep, TimeUnit.SECONDS);
    }

    public ReplyFeed open(String replyId) {
        return feeds.computeIfAbsent(replyId, id -> new ReplyFeed(coalesceWindow, scheduler));
    }

    public void delta(String replyId, String text) {
        open(replyId).append(text);
    }

    /**
     * Ends the reply's feed if this node has one; without one, nobody here is streaming it and late subscribers
     * are served from the read model.
     */
    public void finish(String replyId, StreamEvent terminal) {
        ReplyFeed feed = feeds.get(replyId);
        if (feed != null) {
            feed.finish(terminal);
        }
    }

    public Optional<ReplyFeed> feed(String replyId) {
        return Optional.ofNullable(feeds.get(replyId));
    }

    private void evictIdle() {
        feeds.values().removeIf(feed -> feed.idleLongerThan(retention));
    }

    /**
     * Ends every open stream so that a graceful shutdown need not wait for them; clients reconnect with
     * {@code Last-Event-ID} and resume on another node (or on this one once it is back).
     */
    @Override
    public void close() {
        feeds.values().forEach(ReplyFeed::close);
        scheduler.shutdownNow();
    }
}
