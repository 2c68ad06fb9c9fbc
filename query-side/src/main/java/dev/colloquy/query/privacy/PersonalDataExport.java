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
                                 List<Conversation> conversations, List<DailyUsage> usage, AbuseAssessment abuse,
                                 List<Document> documents) {
    /** Version 2 added {@code documents}. */
    public static final String SCHEMA = "colloquy.personal-data-export/2";

    /** A document the user added to a knowledge base (theirs or a shared one), with the text extracted from it. */
    public record Document(String id, String knowledgeBaseId, String knowledgeBaseName, String title,
                           String mediaType, long bytes, String source, String status, Instant createdAt,
                           String text) {
    }

    public record Conversation(String id, String title, String model, String systemPrompt, Instant createdAt,
                               Instant updatedAt, boolean deleted, boolean erased, String forkedFromConversation,
                               String forkedFromMessage, String activeLeafId, List<Message> messages) {
    }

    public record Message(String id, String parentId, String role, String status, String content, String model,
                          Instant createdAt, Instant finishedAt, Long promptTokens, Long completionTokens,
                          String costUsd, String errorCode) {
    }

    /**
     * The automated assessment of the user (GDPR Art. 15(1)(h)): the current score with its reasons, what it is
     * built from (times of the last messages, injection hits, refusals, failed sign-ins; message digests), and
     * any restriction. Null when nothing was ever assessed.
     */
    public record AbuseAssessment(int score, List<Reason> reasons, long messages, long injectionHits, long refusals,
                                  long loginFailures, List<Instant> messageTimes, List<String> messageDigests,
                                  List<Instant> injectionTimes, List<Instant> refusalTimes,
                                  List<Instant> loginFailureTimes, String restriction, String restrictionReason,
                                  Instant restrictedAt) {
        public record Reason(String signal, int points, String detail, Instant until) {
        }
    }

    /** {@code estimatedRequests}: of the requests, those whose tokens Colloquy counted (the upstream did not). */
    public record DailyUsage(LocalDate day, String model, long requests, long promptTokens, long completionTokens,
                             String costUsd, long estimatedRequests) {
    }
}
