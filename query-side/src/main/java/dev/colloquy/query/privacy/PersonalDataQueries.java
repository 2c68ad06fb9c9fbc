package dev.colloquy.query.privacy;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

/**
 * A user's conversations (deleted and erased ones too: they are still held, an erased one as [erased]) with every
 * branch, their daily usage and their
 * abuse assessment, read from the projections' tables.
 */
@Component
public class PersonalDataQueries {
    private final Jdbi jdbi;

    public PersonalDataQueries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    List<PersonalDataExport.Conversation> conversations(String tenantId, String userId) {
        return jdbi.withHandle(h -> {
            Map<String, List<PersonalDataExport.Message>> messages = new LinkedHashMap<>();
            h.createQuery("""
                            select m.conversation_id, m.id, m.parent_id, m.role, m.status, m.content, m.model,
                                   m.created_at, m.finished_at, m.prompt_tokens, m.completion_tokens, m.cost_usd,
                                   m.error_code
                            from message_view m join conversation_view c on c.id = m.conversation_id
                            where c.tenant_id = :tenant and c.owner_id = :owner
                            order by m.conversation_id, m.position""")
                    .bind("tenant", tenantId).bind("owner", userId)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), new PersonalDataExport.Message(rs.getString(2),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                            instant(rs, 8), instant(rs, 9), (Long) rs.getObject(10), (Long) rs.getObject(11),
                            plain(rs.getBigDecimal(12)), rs.getString(13))))
                    .forEach(e -> messages.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            return h.createQuery("""
                            select id, title, model, system_prompt, created_at, updated_at, deleted, erased,
                                   forked_from_conversation, forked_from_message, active_leaf_id
                            from conversation_view where tenant_id = :tenant and owner_id = :owner
                            order by created_at, id""")
                    .bind("tenant", tenantId).bind("owner", userId)
                    .map((rs, ctx) -> new PersonalDataExport.Conversation(rs.getString(1), rs.getString(2),
                            rs.getString(3), rs.getString(4), instant(rs, 5), instant(rs, 6), rs.getBoolean(7),
                            rs.getBoolean(8), rs.getString(9), rs.getString(10), rs.getString(11),
                            messages.getOrDefault(rs.getString(1), List.of())))
                    .list();
        });
    }

    List<PersonalDataExport.DailyUsage> usage(String tenantId, String userId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select period_start, model, requests, prompt_tokens, completion_tokens, cost_usd,
                               estimated_requests
                        from usage_ledger where tenant_id = :tenant and user_id = :user and period = 'day'
                        order by period_start, model""")
                .bind("tenant", tenantId).bind("user", userId)
                .map((rs, ctx) -> new PersonalDataExport.DailyUsage(
                        instant(rs, 1).atOffset(ZoneOffset.UTC).toLocalDate(), rs.getString(2), rs.getLong(3),
                        rs.getLong(4), rs.getLong(5), plain(rs.getBigDecimal(6)), rs.getLong(7)))
                .list());
    }

    PersonalDataExport.AbuseAssessment abuse(String tenantId, String userId) {
        return jdbi.withHandle(h -> {
            List<PersonalDataExport.AbuseAssessment.Reason> reasons = h.createQuery("""
                            select signal, points, detail, until from abuse_reason
                            where user_id = :user and until > now() order by points desc, signal""")
                    .bind("user", userId)
                    .map((rs, ctx) -> new PersonalDataExport.AbuseAssessment.Reason(rs.getString(1), rs.getInt(2),
                            rs.getString(3), instant(rs, 4)))
                    .list();
            return h.createQuery("""
                            select abuse_score_at(user_id, now()), messages, injection_hits, refusals, login_failures,
                                   message_times, message_digests, injection_times, refusal_times,
                                   login_failure_times, restriction, restriction_reason, restricted_at
                            from abuse_signal where user_id = :user and tenant_id = :tenant""")
                    .bind("user", userId).bind("tenant", tenantId)
                    .map((rs, ctx) -> new PersonalDataExport.AbuseAssessment(rs.getInt(1), reasons, rs.getLong(2),
                            rs.getLong(3), rs.getLong(4), rs.getLong(5), times(rs, 6), strings(rs, 7), times(rs, 8),
                            times(rs, 9), times(rs, 10), rs.getString(11), rs.getString(12), instant(rs, 13)))
                    .findOne().orElse(null);
        });
    }

    private static List<Instant> times(ResultSet rs, int column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of()
                : Arrays.stream((Long[]) array.getArray()).map(Instant::ofEpochMilli).toList();
    }

    private static List<String> strings(ResultSet rs, int column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static String plain(BigDecimal amount) {
        return amount == null ? null : amount.stripTrailingZeros().toPlainString();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }

    public List<PersonalDataExport.Document> documents(String tenantId, String userId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select d.id, d.knowledge_base_id, b.name, d.title, d.media_type, d.bytes, d.source, d.status,
                               d.created_at, d.text
                        from knowledge_document d join knowledge_base b on b.id = d.knowledge_base_id
                        where d.tenant_id = :tenant and d.added_by = :user
                        order by d.created_at, d.id""")
                .bind("tenant", tenantId).bind("user", userId)
                .map((rs, ctx) -> new PersonalDataExport.Document(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8),
                        rs.getTimestamp(9).toInstant(), rs.getString(10)))
                .list());
    }
}
