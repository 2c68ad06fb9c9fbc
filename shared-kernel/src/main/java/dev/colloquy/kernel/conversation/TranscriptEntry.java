package dev.colloquy.kernel.conversation;

import dev.colloquy.kernel.privacy.PersonalData;
import java.time.Instant;

/**
 * A message copied into a forked conversation; {@code sourceMessageId} points back into the source. The status
 * ({@code posted}, {@code completed}, {@code failed}, {@code cancelled}) travels along so that a failed reply
 * stays out of the fork's context as it stays out of the source's.
 */
public record TranscriptEntry(String messageId, String parentMessageId, String sourceMessageId, String role,
                              @PersonalData String content, String status, String model, Instant postedAt) {
}
