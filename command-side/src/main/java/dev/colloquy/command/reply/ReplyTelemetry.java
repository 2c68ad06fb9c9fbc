package dev.colloquy.command.reply;

import dev.colloquy.kernel.reply.TokenUsage;
import java.time.Duration;

/** What a generation reports for metrics; labels are model and status only, never user ids. */
public interface ReplyTelemetry {
    void streamOpened(String model);

    void firstToken(String model, Duration sinceStart);

    void streamClosed(String model, String status, Duration latency, TokenUsage usage);

    /** A reply drawing on knowledge bases cited sources its prompt did not hold. */
    void citationsUnmatched(String model, int count);

    /** Retrieval gave a reply's prompt {@code sources} passages and withheld {@code withheld}. */
    void sourcesRetrieved(int sources, int withheld);
}
