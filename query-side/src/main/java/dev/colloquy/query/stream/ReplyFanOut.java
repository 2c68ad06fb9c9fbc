package dev.colloquy.query.stream;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fan-out of reply deltas to SSE subscribers. A feed lives while its reply streams and for the retention time
 * after its last activity, so late subscribers and reconnects replay from memory. A subscriber of a reply that
 * another node generates gets a mirror of that node's feed through the {@link ReplyRelay}: same numbering, same
 * ending.
 */
public class ReplyFanOut implements AutoCloseable {
    private final Map<String, ReplyFeed> feeds = new ConcurrentHashMap<>();
    private final Duration coalesceWindow;
    private final Duration retention;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("reply-fan-out").factory());

    private final ReplyRelay relay;
    /** Feeds of replies generated elsewhere that this node watches. */
    private final Set<String> watching = ConcurrentHashMap.newKeySet();
    /** Watched replies whose ending came before all their deltas, and which asked their node once more. */
    private final Set<String> askedAgain = ConcurrentHashMap.newKeySet();

    public ReplyFanOut(Duration coalesceWindow, Duration retention) {
        this(coalesceWindow, retention, ReplyRelay.NONE);
    }

    public ReplyFanOut(Duration coalesceWindow, Duration retention, ReplyRelay relay) {
        this.coalesceWindow = coalesceWindow;
        this.retention = retention;
        this.relay = relay;
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
        relay.ended(replyId, terminal.name(), withoutText(terminal), feed == null ? 0 : feed.lastSeq());
    }

    /** The ending as relayed: the watcher has the text from the deltas, and a notification has no room for it. */
    private static Map<String, Object> withoutText(StreamEvent terminal) {
        Map<String, Object> data = new LinkedHashMap<>(terminal.data());
        data.remove("content");
        data.remove("partialContent");
        return data;
    }

    /**
     * A feed for a reply still in progress that this node is not generating: watched, so that the node that is
     * sends its deltas here.
     */
    public ReplyFeed watch(String replyId) {
        ReplyFeed feed = open(replyId);
        if (watching.add(replyId)) {
            relay.watch(replyId, feed.lastSeq());
        }
        return feed;
    }

    /** This node starts generating a reply: whoever already watches it asks again, now that there is a feed. */
    public void generating(String replyId) {
        open(replyId);
        relay.generating(replyId);
    }

    /** Another node starts generating a reply this node watches: ask it for the deltas. */
    public void generationStarted(String replyId) {
        ReplyFeed feed = watching.contains(replyId) ? feeds.get(replyId) : null;
        if (feed != null) {
            relay.watch(replyId, feed.lastSeq());
        }
    }

    /**
     * Another node watches a reply: if this node generates it, its deltas go there from {@code after} on. One that
     * already ended here (before the watcher listened, the ending passed it by) is sent with its ending.
     */
    public void watched(String replyId, long after) {
        ReplyFeed feed = feeds.get(replyId);
        if (feed == null || watching.contains(replyId)) {
            return;
        }
        feed.relayFrom(after, notice -> relay.notice(replyId, notice.name(), notice.data()),
                delta -> relay.delta(replyId, delta.seq(), delta.text()));
        feed.terminal().ifPresent(ended -> relay.ended(replyId, ended.name(), withoutText(ended), feed.lastSeq()));
    }

    /**
     * A watched reply the store says has ended, though no ending came from its node (which died, or whose
     * notification was lost): its mirror ends with the stored ending, whose text is the stored reply's; the part
     * the mirror had not had comes as a last delta.
     */
    public void endedInStore(String replyId, StreamEvent stored) {
        ReplyFeed feed = watching.contains(replyId) ? feeds.get(replyId) : null;
        if (feed != null) {
            feed.finishWithRest(stored);
            unwatch(replyId);
        }
    }

    public boolean isWatching(String replyId) {
        return watching.contains(replyId);
    }

    /** A notice of a reply this node watches, from the node generating it. */
    public void mirroredNotice(String replyId, String name, Map<String, Object> data) {
        ReplyFeed feed = watching.contains(replyId) ? feeds.get(replyId) : null;
        if (feed != null) {
            feed.mirrorNotice(new StreamEvent(name, data));
        }
    }

    /** A delta of a reply this node watches, from the node generating it. */
    public void mirrored(String replyId, long seq, String text) {
        ReplyFeed feed = watching.contains(replyId) ? feeds.get(replyId) : null;
        if (feed != null) {
            feed.mirror(seq, text);
        }
    }

    /**
     * The ending of a reply this node watches. An ending that overtook deltas this mirror has not had (the reply
     * ended after this node listened, before its node heard the watch) asks once more from where the mirror
     * stands: the generating node answers with the rest and the ending again. The text is what was mirrored; one
     * still missing some (its node died mid-relay) says {@code incomplete}, and {@code GET /replies/{id}} has the
     * stored text.
     */
    public void mirrorEnded(String replyId, String name, Map<String, Object> data, long lastSeq) {
        ReplyFeed feed = watching.contains(replyId) ? feeds.get(replyId) : null;
        if (feed == null) {
            return;
        }
        if (feed.lastSeq() < lastSeq && askedAgain.add(replyId)) {
            relay.watch(replyId, feed.lastSeq());
            return;
        }
        Map<String, Object> terminal = new LinkedHashMap<>(data);
        terminal.put("completed".equals(name) ? "content" : "partialContent", feed.text());
        if (feed.lastSeq() < lastSeq) {
            terminal.put("incomplete", true);
        }
        feed.finish(new StreamEvent(name, terminal));
        unwatch(replyId);
    }

    private void unwatch(String replyId) {
        askedAgain.remove(replyId);
        if (watching.remove(replyId)) {
            relay.unwatch(replyId);
        }
    }

    /** The text this node's subscribers of the reply have been sent, if it has a feed for it. */
    public Optional<String> shown(String replyId) {
        return feed(replyId).map(ReplyFeed::text);
    }

    public Optional<ReplyFeed> feed(String replyId) {
        return Optional.ofNullable(feeds.get(replyId));
    }

    private void evictIdle() {
        feeds.entrySet().removeIf(entry -> {
            boolean idle = entry.getValue().idleLongerThan(retention);
            if (idle) {
                unwatch(entry.getKey());
            }
            return idle;
        });
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
