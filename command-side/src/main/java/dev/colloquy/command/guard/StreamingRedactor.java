package dev.colloquy.command.guard;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Redacts a reply while it streams. Whatever the chunking, the released pieces concatenate to what
 * {@link PiiRedactor#redact} makes of the whole reply, and everything released so far is a prefix of that: a value
 * split across chunks never reaches a client, not even in part.
 *
 * <p>The holdback is exact rather than a rule of thumb: text is released up to the first position where some
 * detector's match attempt read to the end of what has arrived, since only there can more text change the outcome.
 * Prose therefore waits only on its trailing word (it might become an address or a key), "call 555 " holds back
 * "555 " (the number may go on after the space), and "Hello," or "Fine!" goes out whole: no value continues them.
 *
 * <p>One per reply, used by one thread at a time.
 */
public final class StreamingRedactor {
    /*
     * Every detector reads at most 246 characters from where a value could start (an e-mail address: 64 for the
     * local part, 181 for the domain), so the exact holdback never exceeds this bound and it costs nothing in
     * correctness. It stands guard for detectors to come: an unbounded one would hold text back for as long as a
     * run lasts, stalling the stream and growing the buffer, so past the bound the oldest part is released anyway,
     * redacted as far as the text so far shows, which may then show part of a value that straddles the cut.
     */
    static final int MAX_HOLDBACK = 256;

    private final PiiRedactor redactor;
    private final int maxHoldback;
    /** The released text's last characters, kept for look-behind, then what is held back. */
    private final StringBuilder buffer = new StringBuilder();
    private int heldFrom;
    private final StringBuilder released = new StringBuilder();
    private final Set<PiiType> types = EnumSet.noneOf(PiiType.class);
    private boolean finished;

    public StreamingRedactor(PiiRedactor redactor) {
        this(redactor, MAX_HOLDBACK);
    }

    StreamingRedactor(PiiRedactor redactor, int maxHoldback) {
        this.redactor = Objects.requireNonNull(redactor);
        this.maxHoldback = maxHoldback;
    }

    /** Takes the next chunk and returns the redacted text that is now safe to send, possibly "". */
    public String accept(String chunk) {
        if (finished) {
            throw new IllegalStateException("the reply has finished");
        }
        buffer.append(Objects.requireNonNull(chunk));
        PiiRedactor.Scan scan = redactor.scan(buffer, heldFrom, true);
        int cut = scan.settled();
        if (buffer.length() - cut > maxHoldback) {
            scan = redactor.scan(buffer, heldFrom, false);
            cut = scan.cutAt(buffer.length() - maxHoldback);
        }
        return release(scan, keepingSurrogatePairs(cut));
    }

    /** Releases everything still held back; later calls return "". */
    public String finish() {
        if (finished) {
            return "";
        }
        finished = true;
        return release(redactor.scan(buffer, heldFrom, false), buffer.length());
    }

    /** The types redacted from what has been released so far. */
    public Set<PiiType> redacted() {
        return Collections.unmodifiableSet(EnumSet.copyOf(types));
    }

    /** Everything released so far: the concatenation of all returned pieces. */
    public String text() {
        return released.toString();
    }

    /** Characters received but not released yet. */
    int heldBack() {
        return buffer.length() - heldFrom;
    }

    private String release(PiiRedactor.Scan scan, int cut) {
        PiiRedactor.Redaction piece = redactor.render(buffer, heldFrom, cut, scan.spans());
        types.addAll(piece.types());
        released.append(piece.text());
        heldFrom = cut;
        int stale = heldFrom - PiiRedactor.LOOK_BEHIND;
        if (stale > 0) {
            buffer.delete(0, stale);
            heldFrom -= stale;
        }
        return piece.text();
    }

    /** An SSE event must not end in half a surrogate pair; no value contains one, so cutting before it is safe. */
    private int keepingSurrogatePairs(int cut) {
        return cut > heldFrom && Character.isHighSurrogate(buffer.charAt(cut - 1)) ? cut - 1 : cut;
    }
}
