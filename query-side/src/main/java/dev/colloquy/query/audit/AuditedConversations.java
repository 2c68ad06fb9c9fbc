package dev.colloquy.query.audit;

import dev.colloquy.kernel.query.ForkOrigin;
import dev.colloquy.query.search.SearchText;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.springframework.stereotype.Component;

/**
 * Finds a tenant's conversations for its auditors, from the conversations read model. Only finding: what an
 * auditor then reads of one comes from its events ({@link AuditTrail}), never from this model.
 */
@Component
public class AuditedConversations {
    private final Jdbi jdbi;

    public AuditedConversations(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public record Page(List<AuditedConversation> items, long total) {
    }

    /**
     * Newest activity first; {@code ownerId} and {@code text} (in the title) narrow the list when given. The count
     * and the page come from one snapshot, so they agree while conversations change.
     */
    public Page find(String tenantId, String ownerId, String text, int limit, int offset) {
        String pattern = SearchText.containing(text);
        // Conditions are added only when asked for, so the planner sees plain predicates it can use indexes for.
        String where = " from conversation_view where tenant_id = :tenant"
                + (ownerId == null ? "" : " and owner_id = :owner")
                + (pattern == null ? "" : " and title ilike :text");
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            long total = bind(h.createQuery("select count(*)" + where), tenantId, ownerId, pattern)
                    .mapTo(Long.class).one();
            List<AuditedConversation> items = bind(h.createQuery("""
                            select id, title, owner_id, model, created_at, updated_at, message_count, deleted, erased,
                                   forked_from_conversation, forked_from_message""" + where
                            + " order by updated_at desc, id limit :limit offset :offset"),
                    tenantId, ownerId, pattern)
                    .bind("limit", limit).bind("offset", offset)
                    .map((rs, ctx) -> new AuditedConversation(rs.getString("id"),
                            rs.getBoolean("erased") ? null : rs.getString("title"), rs.getString("owner_id"),
                            rs.getString("model"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                            rs.getObject("updated_at", OffsetDateTime.class).toInstant(), rs.getInt("message_count"),
                            rs.getBoolean("deleted"), rs.getBoolean("erased"),
                            rs.getString("forked_from_conversation") == null ? null
                                    : new ForkOrigin(rs.getString("forked_from_conversation"),
                                    rs.getString("forked_from_message"))))
                    .list();
            return new Page(items, total);
        });
    }

    private static Query bind(Query query, String tenantId, String ownerId, String pattern) {
        query.bind("tenant", tenantId);
        if (ownerId != null) {
            query.bind("owner", ownerId);
        }
        if (pattern != null) {
            query.bind("text", pattern);
        }
        return query;
    }
}
