package dev.colloquy.query.privacy;

import dev.colloquy.kernel.query.AccountProfile;
import dev.colloquy.query.csv.CsvRecords;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The export as one RFC 4180 table (docs/privacy-export.md): every record names its kind in {@code record}, and
 * each kind fills the columns that apply to it, so a spreadsheet can filter by kind.
 */
final class PersonalDataCsv {
    static final List<String> HEADER = List.of("record", "id", "conversation_id", "parent_id", "role", "status",
            "model", "created_at", "ended_at", "text", "prompt_tokens", "completion_tokens", "requests", "cost_usd");

    private PersonalDataCsv() {
    }

    static String render(PersonalDataExport export) {
        StringBuilder csv = new StringBuilder();
        CsvRecords.append(csv, HEADER);
        AccountProfile account = export.account();
        if (account != null) {
            CsvRecords.append(csv, row("profile", account.userId(), null, null, String.join(" ", account.roles()),
                    account.disabled() ? "disabled" : "active", account.plan(), account.createdAt(), null,
                    account.username(), null, null, null, null));
            for (AccountProfile.ApiKey key : account.apiKeys()) {
                CsvRecords.append(csv, row("api_key", key.keyId(), null, null, String.join(" ", key.scopes()),
                        key.revokedAt() == null ? "active" : "revoked", null, key.createdAt(), key.revokedAt(),
                        key.name(), null, null, null, null));
            }
            for (AccountProfile.SignIn signIn : account.signIns()) {
                CsvRecords.append(csv, row("sign_in", signIn.sessionId(), null, null, null,
                        signIn.revokedAt() == null ? "open" : "revoked", null, signIn.createdAt(),
                        signIn.revokedAt() == null ? signIn.expiresAt() : signIn.revokedAt(), signIn.revokedReason(),
                        null, null, null, null));
            }
        }
        for (PersonalDataExport.Conversation c : export.conversations()) {
            CsvRecords.append(csv, row("conversation", c.id(), c.id(), c.forkedFromConversation(), null,
                    c.erased() ? "erased" : c.deleted() ? "deleted" : "active", c.model(), c.createdAt(),
                    c.updatedAt(), c.title(), null, null, null, null));
            if (c.systemPrompt() != null) {
                CsvRecords.append(csv, row("system_prompt", c.id(), c.id(), null, "system", null, c.model(),
                        c.createdAt(), null, c.systemPrompt(), null, null, null, null));
            }
            for (PersonalDataExport.Message m : c.messages()) {
                CsvRecords.append(csv, row("message", m.id(), c.id(), m.parentId(), m.role(), m.status(), m.model(),
                        m.createdAt(), m.finishedAt(), m.content(), m.promptTokens(), m.completionTokens(), null,
                        m.costUsd()));
            }
        }
        PersonalDataExport.AbuseAssessment abuse = export.abuse();
        if (abuse != null) {
            CsvRecords.append(csv, row("abuse_score", Integer.toString(abuse.score()), null, null, null,
                    abuse.restriction() == null ? "unrestricted" : abuse.restriction(), null, abuse.restrictedAt(),
                    null, abuse.restrictionReason(), null, null, abuse.messages(), null));
            for (PersonalDataExport.AbuseAssessment.Reason reason : abuse.reasons()) {
                CsvRecords.append(csv, row("abuse_reason", reason.signal(), null, null, null,
                        reason.points() + " points", null, null, reason.until(), reason.detail(), null, null, null,
                        null));
            }
            for (int i = 0; i < abuse.messageTimes().size(); i++) {
                CsvRecords.append(csv, evidence("message", abuse.messageTimes().get(i),
                        abuse.messageDigests().get(i)));
            }
            abuse.injectionTimes().forEach(at -> CsvRecords.append(csv, evidence("injection_hit", at, null)));
            abuse.refusalTimes().forEach(at -> CsvRecords.append(csv, evidence("refusal", at, null)));
            abuse.loginFailureTimes().forEach(at -> CsvRecords.append(csv, evidence("failed_sign_in", at, null)));
        }
        for (PersonalDataExport.DailyUsage u : export.usage()) {
            CsvRecords.append(csv, row("usage", u.day().toString(), null, null, null, null, u.model(), null, null,
                    null, u.promptTokens(), u.completionTokens(), u.requests(), u.costUsd()));
        }
        for (PersonalDataExport.Document d : export.documents()) {
            // parent_id: the knowledge base; role: the media type; text: the title, a blank line, the text
            CsvRecords.append(csv, row("document", d.id(), null, d.knowledgeBaseId(), d.mediaType(), d.status(),
                    null, d.createdAt(), null, d.title() + "\n\n" + d.text(), null, null, null, null));
        }
        return csv.toString();
    }

    private static List<String> row(String record, String id, String conversation, String parent, String role,
                                    String status, String model, Instant created, Instant ended, String text,
                                    Long promptTokens, Long completionTokens, Long requests, String cost) {
        return Arrays.asList(record, id, conversation, parent, role, status, model, text(created), text(ended),
                text, text(promptTokens), text(completionTokens), text(requests), cost);
    }

    private static List<String> evidence(String kind, Instant at, String digest) {
        return row("abuse_evidence", kind, null, null, null, null, null, at, null, digest, null, null, null, null);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
