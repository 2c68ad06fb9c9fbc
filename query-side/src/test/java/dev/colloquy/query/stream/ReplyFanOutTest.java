package dev.colloquy.query.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fan-out's side of the relay, with the relay recording what it would send to other nodes. */
class ReplyFanOutTest {
    private final List<String> sent = new ArrayList<>();
    private final ReplyRelay recording = new ReplyRelay() {
        @Override
        public void watch(String replyId, long after) {
            sent.add("watch " + replyId + " after " + after);
        }

        @Override
        public void generating(String replyId) {
            sent.add("generating " + replyId);
        }

        @Override
        public void unwatch(String replyId) {
            sent.add("unwatch " + replyId);
        }

        @Override
        public void notice(String replyId, String name, Map<String, Object> data) {
            sent.add("notice " + name + " " + data);
        }

        @Override
        public void delta(String replyId, long seq, String text) {
            sent.add("delta " + seq + " " + text);
        }

        @Override
        public void ended(String replyId, String name, Map<String, Object> data, long lastSeq) {
            sent.add("ended " + name + " " + data + " after " + lastSeq);
        }
    };
    private final ReplyFanOut fanOut = new ReplyFanOut(Duration.ZERO, Duration.ofMinutes(1), recording);

    @AfterEach
    void close() {
        fanOut.close();
    }

    /** A watch that arrives after the reply ended here (its ending passed the watcher by) gets the ending too. */
    @Test
    void aWatcherOfAReplyThatAlreadyEndedHereGetsItsDeltasAndItsEnding() {
        fanOut.generating("r1");
        fanOut.delta("r1", "Hello");
        fanOut.finish("r1", new StreamEvent("completed", Map.of("replyId", "r1", "content", "Hello")));
        sent.clear();

        fanOut.watched("r1", 0);

        assertThat(sent).containsExactly("delta 1 Hello", "ended completed {replyId=r1} after 1");
    }

    /** A watcher gets the reply's notices (its citations) ahead of its deltas, and the ones that come later. */
    @Test
    void aWatcherGetsTheNoticesBeforeTheDeltasAndLaterOnesAsTheyCome() {
        fanOut.generating("r4");
        fanOut.open("r4").notice(new StreamEvent("citations", Map.of("replyId", "r4")));
        fanOut.delta("r4", "Hi");
        sent.clear();

        fanOut.watched("r4", 0);
        fanOut.open("r4").notice(new StreamEvent("quota", Map.of("replyId", "r4")));

        assertThat(sent).containsExactly("notice citations {replyId=r4}", "delta 1 Hi", "notice quota {replyId=r4}");
    }

    /**
     * A mirror's subscriber starting from the beginning gets the citations before the first delta; the
     * citations sent again with a history sent again are not repeated.
     */
    @Test
    void aMirrorDeliversTheCitationsOnceAndBeforeTheText() throws InterruptedException {
        ReplyFeed mirror = fanOut.watch("r5");
        fanOut.mirroredNotice("r5", "citations", Map.of("replyId", "r5"));
        fanOut.mirrored("r5", 1, "Hi");
        fanOut.mirroredNotice("r5", "citations", Map.of("replyId", "r5"));

        ReplyFeed.Batch batch = mirror.awaitAfter(0, 0, Duration.ofSeconds(1));
        assertThat(batch.notices()).extracting(StreamEvent::name).containsExactly("citations");
        assertThat(batch.deltas()).extracting(ReplyFeed.Delta::text).containsExactly("Hi");
    }

    /**
     * The reply ended on its node after this node listened but before that node heard the watch: the ending
     * overtakes every delta. The mirror asks again instead of ending empty, and ends whole with the answer.
     */
    @Test
    void anEndingThatOvertookItsDeltasIsAskedForAgainAndEndsWhole() throws InterruptedException {
        ReplyFeed mirror = fanOut.watch("r3");
        fanOut.mirrorEnded("r3", "completed", Map.of("replyId", "r3"), 2);
        assertThat(mirror.isFinished()).isFalse();
        assertThat(sent).containsExactly("watch r3 after 0", "watch r3 after 0");

        fanOut.mirrored("r3", 1, "Hel");
        fanOut.mirrored("r3", 2, "lo");
        fanOut.mirrorEnded("r3", "completed", Map.of("replyId", "r3"), 2);

        ReplyFeed.Batch batch = mirror.awaitAfter(0, Duration.ofSeconds(1));
        assertThat(batch.deltas()).extracting(ReplyFeed.Delta::text).containsExactly("Hel", "lo");
        assertThat(batch.terminal().data()).containsEntry("content", "Hello").doesNotContainKey("incomplete");
    }

    /** A mirror whose ending never came (its node died) ends with the stored ending and stops watching. */
    @Test
    void aMirrorEndsWithTheStoredEndingWhenNoneCame() throws InterruptedException {
        ReplyFeed mirror = fanOut.watch("r2");
        fanOut.mirrored("r2", 1, "Hel");

        fanOut.endedInStore("r2", new StreamEvent("failed", Map.of("replyId", "r2", "partialContent", "Hello")));

        ReplyFeed.Batch batch = mirror.awaitAfter(1, Duration.ofSeconds(1));
        assertThat(batch.deltas()).extracting(ReplyFeed.Delta::text).as("what the mirror missed").containsExactly("lo");
        assertThat(batch.terminal().name()).isEqualTo("failed");
        assertThat(batch.terminal().data()).containsEntry("partialContent", "Hello");
        assertThat(fanOut.isWatching("r2")).isFalse();
        assertThat(sent).containsExactly("watch r2 after 0", "unwatch r2");
    }
}
