package dev.colloquy.command.guard;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

/** Replaces the values of the PII types a tenant enabled with their markers. Thread-safe; one per tenant setting. */
public final class PiiRedactor {
    /** How far back any detector's look-behind reads; a stream keeps this much of what it released. */
    static final int LOOK_BEHIND = 2;

    /*
     * When values of several types start at one position the longest wins and ties go to the earlier detector
     * here: a 15-digit card number is also a well-formed phone number and must be redacted as a card.
     */
    private static final List<Detector> BY_PRIORITY = List.of(
            new CardDetector(), new IbanDetector(), new ApiKeyDetector(), new EmailDetector(), new PhoneDetector());

    private final List<Detector> detectors;

    public PiiRedactor(Set<PiiType> enabled) {
        Set<PiiType> types = enabled.isEmpty() ? EnumSet.noneOf(PiiType.class) : EnumSet.copyOf(enabled);
        this.detectors = BY_PRIORITY.stream().filter(detector -> types.contains(detector.type())).toList();
    }

    public Redaction redact(String text) {
        return render(text, 0, text.length(), scan(text, 0, false).spans());
    }

    /**
     * Finds the values starting at or after {@code from}, scanning left to right: the earliest value wins and the
     * positions it covers are not tried again. With {@code more} (the text may still grow) the scan stops at the
     * first position where a match attempt read up to the end of the text, because only there can more text
     * change the outcome; every value before it is final and ends before it.
     */
    Scan scan(CharSequence text, int from, boolean more) {
        if (detectors.isEmpty()) {
            return new Scan(List.of(), text.length());
        }
        List<Matcher> matchers = detectors.stream()
                .map(detector -> detector.run().matcher(text).useTransparentBounds(true).useAnchoringBounds(false))
                .toList();
        List<Span> spans = new ArrayList<>();
        int position = from;
        while (position < text.length()) {
            Attempt attempt = attemptAt(matchers, text, position);
            if (more && attempt.reachedEnd()) {
                return new Scan(spans, position);
            }
            if (attempt.found() != null) {
                spans.add(attempt.found());
                position = attempt.found().end();
            } else {
                position++;
            }
        }
        return new Scan(spans, text.length());
    }

    private Attempt attemptAt(List<Matcher> matchers, CharSequence text, int start) {
        Span best = null;
        boolean reachedEnd = false;
        for (int i = 0; i < matchers.size(); i++) {
            Matcher matcher = matchers.get(i).region(start, text.length());
            boolean matched = matcher.lookingAt();
            reachedEnd |= matcher.hitEnd();
            int length = matched ? detectors.get(i).valueLength(text.subSequence(start, matcher.end())) : 0;
            if (length > 0 && (best == null || length > best.end() - start)) {
                best = new Span(start, start + length, detectors.get(i).type());
            }
        }
        return new Attempt(best, reachedEnd);
    }

    /** The text of {@code [from, to)} with the given values, which must lie inside it or after it, replaced. */
    Redaction render(CharSequence text, int from, int to, List<Span> spans) {
        StringBuilder out = new StringBuilder(to - from);
        Set<PiiType> types = EnumSet.noneOf(PiiType.class);
        int copied = from;
        for (Span span : spans) {
            if (span.end() > to) {
                break;
            }
            out.append(text, copied, span.start()).append(span.type().marker());
            types.add(span.type());
            copied = span.end();
        }
        out.append(text, copied, to);
        return new Redaction(out.toString(), types);
    }

    /** The redacted text and the types of the values that were replaced in it. */
    public record Redaction(String text, Set<PiiType> types) {
        public Redaction {
            Set<PiiType> ordered = types.isEmpty() ? EnumSet.noneOf(PiiType.class) : EnumSet.copyOf(types);
            types = Collections.unmodifiableSet(ordered);
        }
    }

    /** A value found at {@code [start, end)}. */
    record Span(int start, int end, PiiType type) {
    }

    /**
     * The values found, in order, and the position before which the text redacts the same whatever follows: the
     * end of the text when it is complete.
     */
    record Scan(List<Span> spans, int settled) {
        /** {@code position}, or the end of the value covering it, so that no value is cut in two. */
        int cutAt(int position) {
            for (Span span : spans) {
                if (span.start() < position && position < span.end()) {
                    return span.end();
                }
            }
            return position;
        }
    }

    private record Attempt(Span found, boolean reachedEnd) {
    }
}
