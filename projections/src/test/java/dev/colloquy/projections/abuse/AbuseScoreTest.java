package dev.colloquy.projections.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AbuseScoreTest {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private static Evidence messages(int count, Duration every, String text) {
        Evidence evidence = Evidence.NONE;
        for (int i = 0; i < count; i++) {
            evidence = evidence.withMessage(T0.plus(every.multipliedBy(i)).toEpochMilli(), Evidence.digest(text),
                    "c-1");
        }
        return evidence;
    }

    private static Instant last(Evidence evidence) {
        return Instant.ofEpochMilli(evidence.messageTimes().getLast());
    }

    private static List<String> signals(AbuseScore.Assessment assessment) {
        return assessment.reasons().stream().map(AbuseScore.Reason::signal).toList();
    }

    @Test
    void aMetronomeRepeatingItselfScoresForRegularityAndRepetition() {
        Evidence bot = messages(21, Duration.ofSeconds(30), "Buy now at example.test");
        AbuseScore.Assessment assessment = AbuseScore.of(bot, last(bot));
        assertThat(signals(assessment)).containsExactlyInAnyOrder("regularity", "repetition");
        assertThat(assessment.score()).isEqualTo(85);
        AbuseScore.Reason regularity = assessment.reasons().stream()
                .filter(r -> r.signal().equals("regularity")).findFirst().orElseThrow();
        assertThat(regularity.detail()).contains("30.0 s").contains("0.00");
        assertThat(regularity.until()).isEqualTo(last(bot).plus(Duration.ofHours(1)));
    }

    @Test
    void twentyIntervalsAreNeededBeforeRegularityCounts() {
        Evidence bot = messages(20, Duration.ofSeconds(30), "same");
        assertThat(signals(AbuseScore.of(bot, last(bot)))).containsExactly("repetition");
    }

    @Test
    void aPersonWithVariedTextAndIrregularPausesScoresNothing() {
        Random random = new Random(7);
        Evidence human = Evidence.NONE;
        Instant at = T0;
        for (int i = 0; i < 21; i++) {
            at = at.plusSeconds(20 + random.nextInt(280));
            human = human.withMessage(at.toEpochMilli(), Evidence.digest("question number " + i + " about lunch"),
                    "c-1");
        }
        AbuseScore.Assessment assessment = AbuseScore.of(human, at);
        assertThat(assessment.score()).isZero();
        assertThat(assessment.reasons()).isEmpty();
    }

    @Test
    void identicalMeansTheSameTextWhateverItsCaseAndSpacing() {
        assertThat(Evidence.digest("Hello   World ")).isEqualTo(Evidence.digest("hello world"));
        assertThat(Evidence.digest("hello world")).hasSize(16).isNotEqualTo(Evidence.digest("hello world!"));
    }

    @Test
    void repetitionGrowsWithEachCopyUpToItsCapAndOnlyWithinItsWindow() {
        Evidence three = messages(3, Duration.ofSeconds(100), "again");
        assertThat(AbuseScore.of(three, last(three)).score()).isEqualTo(10);
        Evidence ten = messages(10, Duration.ofSeconds(50), "again");
        assertThat(AbuseScore.of(ten, last(ten)).score()).isEqualTo(40);
        Evidence spread = messages(3, Duration.ofMinutes(6), "again");
        assertThat(AbuseScore.of(spread, last(spread)).reasons()).isEmpty();
    }

    @Test
    void aBurstCountsForAnHourAndThenStops() {
        Evidence burst = Evidence.NONE;
        long[] offsets = {0, 3, 4, 9, 15, 22, 30, 37, 41, 55};
        for (int i = 0; i < offsets.length; i++) {
            burst = burst.withMessage(T0.plusSeconds(offsets[i]).toEpochMilli(), Evidence.digest("text " + i),
                    "c-1");
        }
        AbuseScore.Assessment now = AbuseScore.of(burst, last(burst));
        assertThat(signals(now)).containsExactly("burst");
        assertThat(now.score()).isEqualTo(25);
        assertThat(now.reasons().getFirst().until()).isEqualTo(last(burst).plus(Duration.ofHours(1)));
        assertThat(AbuseScore.of(burst, last(burst).plus(Duration.ofMinutes(61))).score()).isZero();
    }

    @Test
    void injectionRefusalsAndFailedSignInsAreCountedWithinTheirWindowsAndCapped() {
        Evidence evidence = Evidence.NONE;
        for (int i = 0; i < 6; i++) {
            long at = T0.plusSeconds(60L * i).toEpochMilli();
            evidence = evidence.withInjection(at).withRefusal(at).withLoginFailure(at);
        }
        Instant at = T0.plusSeconds(300);
        AbuseScore.Assessment assessment = AbuseScore.of(evidence, at);
        assertThat(assessment.reasons()).extracting(AbuseScore.Reason::signal, AbuseScore.Reason::points)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("injection", 30),
                        org.assertj.core.groups.Tuple.tuple("refusals", 20),
                        org.assertj.core.groups.Tuple.tuple("failed-logins", 20));
        assertThat(assessment.score()).isEqualTo(70);
        AbuseScore.Assessment later = AbuseScore.of(evidence, at.plus(Duration.ofHours(2)));
        assertThat(signals(later)).as("refusals and sign-ins decay after an hour, injection after a day")
                .containsExactly("injection");
    }

    @Test
    void theTotalIsCappedAt100() {
        Evidence evidence = Evidence.NONE;
        for (int i = 0; i < 21; i++) {
            long at = T0.plusSeconds(5L * i).toEpochMilli();
            evidence = evidence.withMessage(at, Evidence.digest("x"), "c-1").withInjection(at).withRefusal(at);
        }
        assertThat(AbuseScore.of(evidence, last(evidence)).score()).isEqualTo(100);
    }

    @Test
    void theEvidenceKeptIsBounded() {
        Evidence many = messages(500, Duration.ofSeconds(1), "x");
        assertThat(many.messageTimes()).hasSize(Evidence.MESSAGES);
        assertThat(many.messageDigests()).hasSize(Evidence.MESSAGES);
        assertThat(many.messageTimes().getLast()).isEqualTo(T0.plusSeconds(499).toEpochMilli());
    }

    @Test
    void anErasedConversationsMessagesNoLongerCountAsRepeatsButStillCountForPace() {
        Evidence evidence = Evidence.NONE;
        for (int i = 0; i < 6; i++) {
            long at = T0.plusSeconds(60L * i).toEpochMilli();
            evidence = evidence.withMessage(at, Evidence.digest("same words"), i % 2 == 0 ? "erased" : "kept");
        }
        Evidence forgotten = evidence.withConversationForgotten("erased");

        assertThat(forgotten.messageDigests()).containsExactly("", Evidence.digest("same words"), "",
                Evidence.digest("same words"), "", Evidence.digest("same words"));
        assertThat(forgotten.messageTimes()).isEqualTo(evidence.messageTimes());
        assertThat(signals(AbuseScore.of(evidence, last(evidence)))).contains("repetition");
        assertThat(AbuseScore.of(forgotten, last(forgotten)).reasons().stream()
                .filter(r -> r.signal().equals("repetition")).findFirst().orElseThrow().points())
                .as("three copies left, not six").isLessThan(AbuseScore.of(evidence, last(evidence)).reasons()
                        .stream().filter(r -> r.signal().equals("repetition")).findFirst().orElseThrow().points());
        assertThat(Evidence.digest("[erased]")).as("what a rebuild reads without the key").isEqualTo("");
    }
}
