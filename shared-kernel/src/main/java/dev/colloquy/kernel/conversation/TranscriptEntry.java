package dev.colloquy.kernel.conversation;

import java.time.Instant;

/** A message copied into a forked conversation; {@code sourceMessageId} points back into the source. */
public record TranscriptEntry(String messageId, String parentMessageId, String sourceMessageId, String role,
                              String content, String model, Instant postedAt) {
}
