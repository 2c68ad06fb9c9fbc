package dev.colloquy.query.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplyFeedTest {
    private final ReplyFanOut fanOut = new ReplyFanOut(Duration.ofMillis(25), Duration.ofMinutes(15));

    @AfterEach
    void close() {
        fanOut.close();
    }

    @Test
    void theFirstDeltaIsPublishedAtOnce() throws InterruptedException {
        ReplyFeed feed = fanOut.open("r1");
        fanOut.delta("r1", "Hello");

        ReplyFeed.Batch batch = feed.awaitAfter(0, Duration.ZERO);

        assertThat(batch.deltas()).containsExactly(new ReplyFeed.Delta(1, "Hello"));
    }

    @Test
    void laterDeltasAreCoalescedButNoTextIsLostOrReordered() throws InterruptedException {
        ReplyFeed feed = fanOut.open("r1");
        for (int i = 0; i < 200; i++) {
            fanOut.delta("r1", i + " ");
        }
        fanOut.finish("r1", completed("r1", expectedText()));

        ReplyFeed.Batch batch = feed.awaitAfter(0, Duration.ofSeconds(5));

        assertThat(batch.deltas().size()).isLessThan(200);
        assertThat(batch.deltas()).extracting(ReplyFeed.Delta::seq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, batch.deltas().size())
                        .boxed().toList());
        assertThat(batch.deltas().stream().map(ReplyFeed.Delta::text).collect(Collectors.joining()))
                .isEqualTo(expectedText());
        assertThat(batch.terminal().name()).isEqualTo("completed");
    }

    @Test
    void aPendingDeltaIsFlushedWithoutFurtherInput() throws InterruptedException {
        ReplyFeed feed = fanOut.open("r1");
        fanOut.delta("r1", "a");
        fanOut.delta("r1", "b");

        await().atMost(Duration.ofSeconds(5)).until(() -> feed.awaitAfter(1, Duration.ZERO).deltas().size() == 1);
        assertThat(feed.awaitAfter(1, Duration.ZERO).deltas()).containsExactly(new ReplyFeed.Delta(2, "b"));
    }

    @Test
    void aSubscriberResumesAfterAnyPositionAndGetsTheTerminalOnlyAfterAllDeltas() throws InterruptedException {
        ReplyFeed feed = fanOut.open("r1");
        fanOut.delta("r1", "one");
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            fanOut.delta("r1", ".");
            return feed.awaitAfter(0, Duration.ZERO).deltas().size() >= 3;
        });
        fanOut.finish("r1", completed("r1", "whatever"));

        ReplyFeed.Batch resumed = feed.awaitAfter(2, Duration.ZERO);

        assertThat(resumed.deltas()).isNotEmpty();
        assertThat(resumed.deltas().getFirst().seq()).isEqualTo(3);
        assertThat(resumed.terminal()).isNotNull();
        assertThat(feed.awaitAfter(resumed.deltas().getLast().seq(), Duration.ZERO).deltas()).isEmpty();
    }

    @Test
    void aFeedThatSawNoDeltasDeliversTheTerminalTextAsOneDelta() throws InterruptedException {
        ReplyFeed feed = fanOut.open("r1");

        fanOut.finish("r1", completed("r1", "generated elsewhere"));

        ReplyFeed.Batch batch = feed.awaitAfter(0, Duration.ZERO);
        assertThat(batch.deltas()).containsExactly(new ReplyFeed.Delta(1, "generated elsewhere"));
        assertThat(batch.terminal().name()).isEqualTo("completed");
    }

    @Test
    void finishingAReplyThisNodeDoesNotStreamKeepsNoFeed() {
        fanOut.finish("elsewhere", completed("elsewhere", "text"));

        assertThat(fanOut.feed("elsewhere")).isEmpty();
    }

    @Test
    void closingTheFanOutEndsWaitingSubscribers() throws InterruptedException {
        ReplyFeed feed = fanOut.open("r1");
        fanOut.close();

        ReplyFeed.Batch batch = feed.awaitAfter(0, Duration.ofMinutes(1));

        assertThat(batch.closed()).isTrue();
        assertThat(batch.terminal()).isNull();
    }

    private static String expectedText() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            text.append(i).append(' ');
        }
        return text.toString();
    }

    private static StreamEvent completed(String replyId, String content) {
        return new StreamEvent("completed", Map.of("replyId", replyId, "content", content));
    }
}
