package dev.colloquy.query.privacy;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

/**
 * A user's conversations (deleted ones too: they are still held) with every branch, and their daily usage, read
 * from the projections' tables.
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
                            select id, title, model, system_prompt, created_at, updated_at, deleted,
                                   forked_from_conversation, forked_from_message, active_leaf_id
                            from conversation_view where tenant_id = :tenant and owner_id = :owner
                            order by created_at, id""")
                    .bind("tenant", tenantId).bind("owner", userId)
                    .map((rs, ctx) -> new PersonalDataExport.Conversation(rs.getString(1), rs.getString(2),
                            rs.getString(3), rs.getString(4), instant(rs, 5), instant(rs, 6), rs.getBoolean(7),
                            rs.getString(8), rs.getString(9), rs.getString(10),
                            messages.getOrDefault(rs.getString(1), List.of())))
                    .list();
        });
    }

    List<PersonalDataExport.DailyUsage> usage(String tenantId, String userId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select period_start, model, requests, prompt_tokens, completion_tokens, cost_usd
                        from usage_ledger where tenant_id = :tenant and user_id = :user and period = 'day'
                        order by period_start, model""")
                .bind("tenant", tenantId).bind("user", userId)
                .map((rs, ctx) -> new PersonalDataExport.DailyUsage(
                        instant(rs, 1).atOffset(ZoneOffset.UTC).toLocalDate(), rs.getString(2), rs.getLong(3),
                        rs.getLong(4), rs.getLong(5), plain(rs.getBigDecimal(6))))
                .list());
    }

    private static String plain(BigDecimal amount) {
        return amount == null ? null : amount.stripTrailingZeros().toPlainString();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
