package dev.colloquy.command.guard;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Finds one kind of value at a given position. {@link PiiRedactor} tries {@link #run()} with {@code lookingAt} at
 * every position, and streaming relies on what a regex engine reports when a match attempt reaches the end of the
 * text: such an attempt may still turn out differently, any other attempt is final. Two rules keep that sound and
 * cheap: the pattern's look-behind reads at most {@link PiiRedactor#LOOK_BEHIND} characters, and its reach (what
 * an attempt may read from its start, look-ahead included) stays below {@link StreamingRedactor#MAX_HOLDBACK}.
 */
sealed interface Detector permits ApiKeyDetector, CardDetector, EmailDetector, IbanDetector, PhoneDetector {
    PiiType type();

    /** The run of text, anchored at its start, that may hold a value; bounded quantifiers keep the reach. */
    Pattern run();

    /** The length of the value at the start of a matched run, or 0 when checks the pattern cannot do reject it. */
    int valueLength(CharSequence run);

    /**
     * The index of the separator before the last group of {@code run[0, end)}, or 0 if it has none: a value written
     * in groups may be followed by a group that is not part of it (a card number and then a year), so the shorter
     * prefixes that end with a group are candidates too.
     */
    private static int previousGap(CharSequence run, int end) {
        for (int i = end - 1; i > 0; i--) {
            if (!Character.isLetterOrDigit(run.charAt(i))) {
                return i;
            }
        }
        return 0;
    }

    /** The longest of those candidate prefixes whose letters and digits pass {@code valid}; 0 if none does. */
    static int longestValidPrefix(CharSequence run, Predicate<String> valid) {
        for (int end = run.length(); end > 0; end = previousGap(run, end)) {
            if (valid.test(alphanumerics(run, end))) {
                return end;
            }
        }
        return 0;
    }

    private static String alphanumerics(CharSequence run, int end) {
        StringBuilder kept = new StringBuilder(end);
        for (int i = 0; i < end; i++) {
            if (Character.isLetterOrDigit(run.charAt(i))) {
                kept.append(run.charAt(i));
            }
        }
        return kept.toString();
    }
}
