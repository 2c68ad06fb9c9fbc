package dev.colloquy.kernel.query;

import dev.colloquy.kernel.reply.Citation;
import dev.colloquy.kernel.reply.TokenUsage;
import java.time.Instant;
import java.util.List;

/**
 * One node of a conversation tree. Status is {@code posted} for user messages and {@code requested},
 * {@code streaming}, {@code completed}, {@code failed} or {@code cancelled} for assistant replies; a reply's
 * {@code citations} are the numbered sources its prompt held.
 */
public record MessageView(String id, String parentId, String role, String content, String status,
                          Instant createdAt, String model, TokenUsage usage, String errorCode,
                          List<Citation> citations) {
    public MessageView {
        citations = citations == null ? List.of() : List.copyOf(citations);
    }
}
