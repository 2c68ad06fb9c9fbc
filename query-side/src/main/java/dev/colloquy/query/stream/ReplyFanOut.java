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

    public void finish(String replyId, StreamEvent terminal) {
        open(replyId).finish(terminal);
    }

    public Optional<ReplyFeed> feed(String replyId) {
        return Optional.ofNullable(feeds.get(replyId));
    }

    private void evictIdle() {
        feeds.values().removeIf(feed -> feed.idleLongerThan(retention));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
