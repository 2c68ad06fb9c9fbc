package dev.colloquy.projections.abuse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The abuse score, 0-100, of one user's {@link Evidence} as of an instant, with the reasons that built it. Each
 * signal looks only at evidence within its window before that instant, gives capped points, and holds for its
 * window after its newest piece of evidence ({@link Reason#until()}), so an old burst stops counting even when
 * no new event arrives. Pure: the same evidence and instant give the same score (a replay rebuilds it exactly).
 * The figures are documented in docs/abuse-signals.md.
 */
public final class AbuseScore {
    public static final int MAX = 100;

    /** The same normalised text {@value #REPEAT_MIN} or more times within the window. */
    static final Duration REPEAT_WINDOW = Duration.ofMinutes(10);
    static final int REPEAT_MIN = 3;
    static final int REPEAT_POINTS_PER_COPY = 10;
    static final int REPEAT_CAP = 40;

    /** {@value #BURST_SIZE} or more messages within {@link #BURST_SPAN}. */
    static final int BURST_SIZE = 10;
    static final Duration BURST_SPAN = Duration.ofSeconds(60);
    static final int BURST_POINTS = 25;

    /**
     * The last {@value #REGULAR_INTERVALS} intervals between messages (all within {@link #REGULAR_SPAN}) vary by
     * less than {@value #REGULAR_MAX_CV} of their mean: people do not type like a metronome.
     */
    static final int REGULAR_INTERVALS = 20;
    static final double REGULAR_MAX_CV = 0.15;
    static final Duration REGULAR_SPAN = Duration.ofHours(24);
    static final int REGULAR_POINTS = 45;

    /** Messages flagged or blocked as prompt injection. */
    static final Duration INJECTION_WINDOW = Duration.ofHours(24);
    static final int INJECTION_POINTS_EACH = 10;
    static final int INJECTION_CAP = 30;

    /** Rate-limit and quota refusals. */
    static final int REFUSAL_POINTS_EACH = 5;
    static final int REFUSAL_CAP = 20;

    /** Failed sign-ins (wrong password, or while locked or disabled). */
    static final int LOGIN_FAILURE_POINTS_EACH = 5;
    static final int LOGIN_FAILURE_CAP = 20;

    /** How long the pattern signals (burst, regularity) and the counted ones (refusals, sign-ins) hold. */
    static final Duration DECAY = Duration.ofHours(1);

    private AbuseScore() {
    }

    /** One signal's share of the score; it holds until {@code until}. */
    public record Reason(String signal, int points, String detail, Instant until) {
    }

    public record Assessment(int score, List<Reason> reasons) {
    }

    public static Assessment of(Evidence evidence, Instant at) {
        long now = at.toEpochMilli();
        List<Reason> reasons = new ArrayList<>();
        repetition(evidence, now).ifPresent(reasons::add);
        burst(evidence.messageTimes(), now).ifPresent(reasons::add);
        regularity(evidence.messageTimes(), now).ifPresent(reasons::add);
        counted("injection", evidence.injectionTimes(), now, INJECTION_WINDOW, INJECTION_POINTS_EACH, INJECTION_CAP,
                "prompt-injection hits within 24 h").ifPresent(reasons::add);
        counted("refusals", evidence.refusalTimes(), now, DECAY, REFUSAL_POINTS_EACH, REFUSAL_CAP,
                "rate-limit or quota refusals within 1 h").ifPresent(reasons::add);
        counted("failed-logins", evidence.loginFailureTimes(), now, DECAY, LOGIN_FAILURE_POINTS_EACH,
                LOGIN_FAILURE_CAP, "failed sign-ins within 1 h").ifPresent(reasons::add);
        int total = Math.min(MAX, reasons.stream().mapToInt(Reason::points).sum());
        return new Assessment(total, List.copyOf(reasons));
    }

    private static Optional<Reason> repetition(Evidence evidence, long now) {
        long from = now - REPEAT_WINDOW.toMillis();
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Long> newest = new HashMap<>();
        List<Long> times = evidence.messageTimes();
        for (int i = 0; i < times.size(); i++) {
            String digest = evidence.messageDigests().get(i);
            if (times.get(i) > from && times.get(i) <= now && !Evidence.FORGOTTEN.equals(digest)) {
                counts.merge(digest, 1, Integer::sum);
                newest.merge(digest, times.get(i), Math::max);
            }
        }
        return counts.entrySet().stream()
                .filter(e -> e.getValue() >= REPEAT_MIN)
                .max(Map.Entry.<String, Integer>comparingByValue()
                        .thenComparing(e -> newest.get(e.getKey())))
                .map(e -> new Reason("repetition",
                        Math.min(REPEAT_CAP, REPEAT_POINTS_PER_COPY * (e.getValue() - REPEAT_MIN + 1)),
                        e.getValue() + " identical messages within 10 min",
                        Instant.ofEpochMilli(newest.get(e.getKey())).plus(REPEAT_WINDOW)));
    }

    private static Optional<Reason> burst(List<Long> times, long now) {
        long from = now - DECAY.toMillis();
        List<Long> recent = times.stream().filter(t -> t > from && t <= now).sorted().toList();
        int best = 0;
        long bestEnd = 0;
        int start = 0;
        for (int end = 0; end < recent.size(); end++) {
            while (recent.get(end) - recent.get(start) > BURST_SPAN.toMillis()) {
                start++;
            }
            if (end - start + 1 >= best) {
                best = end - start + 1;
                bestEnd = recent.get(end);
            }
        }
        if (best < BURST_SIZE) {
            return Optional.empty();
        }
        return Optional.of(new Reason("burst", BURST_POINTS, best + " messages within 60 s",
                Instant.ofEpochMilli(bestEnd).plus(DECAY)));
    }

    private static Optional<Reason> regularity(List<Long> times, long now) {
        List<Long> upToNow = times.stream().filter(t -> t <= now).sorted().toList();
        if (upToNow.size() < REGULAR_INTERVALS + 1) {
            return Optional.empty();
        }
        List<Long> last = upToNow.subList(upToNow.size() - REGULAR_INTERVALS - 1, upToNow.size());
        long newest = last.getLast();
        if (newest - last.getFirst() > REGULAR_SPAN.toMillis() || now - newest >= DECAY.toMillis()) {
            return Optional.empty();
        }
        double[] intervals = new double[REGULAR_INTERVALS];
        double sum = 0;
        for (int i = 0; i < REGULAR_INTERVALS; i++) {
            intervals[i] = (last.get(i + 1) - last.get(i)) / 1000.0;
            sum += intervals[i];
        }
        double mean = sum / REGULAR_INTERVALS;
        double squares = 0;
        for (double interval : intervals) {
            squares += (interval - mean) * (interval - mean);
        }
        double deviation = Math.sqrt(squares / REGULAR_INTERVALS);
        // Messages sent all at once (a mean of zero) are as machine-like as a metronome.
        double variation = mean == 0 ? 0 : deviation / mean;
        if (variation >= REGULAR_MAX_CV) {
            return Optional.empty();
        }
        return Optional.of(new Reason("regularity", REGULAR_POINTS, String.format(Locale.ROOT,
                "%d intervals of %.1f s ± %.1f s (coefficient of variation %.2f)", REGULAR_INTERVALS, mean,
                deviation, variation), Instant.ofEpochMilli(newest).plus(DECAY)));
    }

    private static Optional<Reason> counted(String signal, List<Long> times, long now, Duration window,
                                           int each, int cap, String what) {
        long from = now - window.toMillis();
        List<Long> inWindow = times.stream().filter(t -> t > from && t <= now).toList();
        if (inWindow.isEmpty()) {
            return Optional.empty();
        }
        long newest = inWindow.stream().mapToLong(Long::longValue).max().orElseThrow();
        return Optional.of(new Reason(signal, Math.min(cap, each * inWindow.size()),
                inWindow.size() + " " + what, Instant.ofEpochMilli(newest).plus(window)));
    }
}
