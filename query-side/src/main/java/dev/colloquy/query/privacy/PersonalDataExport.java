package dev.colloquy.query.privacy;

import dev.colloquy.kernel.query.AccountProfile;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Everything Colloquy holds about one user (GDPR Art. 15 and 20), in the schema documented in
 * docs/privacy-export.md. {@code schema} names its version; a change of shape gets a new one.
 */
public record PersonalDataExport(String schema, Instant exportedAt, AccountProfile account,
                                 List<Conversation> conversations, List<DailyUsage> usage) {
    public static final String SCHEMA = "colloquy.personal-data-export/1";

    public record Conversation(String id, String title, String model, String systemPrompt, Instant createdAt,
                               Instant updatedAt, boolean deleted, String forkedFromConversation,
                               String forkedFromMessage, String activeLeafId, List<Message> messages) {
    }

    public record Message(String id, String parentId, String role, String status, String content, String model,
                          Instant createdAt, Instant finishedAt, Long promptTokens, Long completionTokens,
                          String costUsd, String errorCode) {
    }

    public record DailyUsage(LocalDate day, String model, long requests, long promptTokens, long completionTokens,
                             String costUsd) {
    }
}
