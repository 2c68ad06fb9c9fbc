package dev.colloquy.query.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

/** Reads {@code knowledge_search} (the audit-accesses processor's log of searches), always within one tenant. */
@Component
public class KnowledgeSearches {
    private final Jdbi jdbi;

    public KnowledgeSearches(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * One search of one base: by the API ({@code query} set, until its searcher is erased) or by a reply's
     * retrieval ({@code conversationId} and {@code replyId} set). {@code results}: the passages shown or cited.
     */
    public record Entry(String eventId, String knowledgeBaseId, String searcherId, String conversationId,
                        String replyId, String mode, Integer topK, int results, String query, String traceId,
                        Instant searchedAt) {
    }

    public record Log(String knowledgeBaseId, String userId, List<Entry> items) {
        public Log {
            items = List.copyOf(items);
        }
    }

    /** The newest first, of one base and/or one searcher when given. */
    public List<Entry> newest(String tenantId, String knowledgeBaseId, String searcherId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select event_id, knowledge_base_id, searcher_id, conversation_id, reply_id, mode, top_k,
                               results, query, trace_id, searched_at
                        from knowledge_search
                        where tenant_id = :tenant
                          and (cast(:base as varchar) is null or knowledge_base_id = :base)
                          and (cast(:searcher as varchar) is null or searcher_id = :searcher)
                        order by searched_at desc, event_id, knowledge_base_id limit :limit""")
                .bind("tenant", tenantId).bind("base", knowledgeBaseId).bind("searcher", searcherId)
                .bind("limit", limit)
                .map((rs, ctx) -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getObject(7, Integer.class), rs.getInt(8),
                        rs.getString(9), rs.getString(10), rs.getObject(11, OffsetDateTime.class).toInstant()))
                .list());
    }

    /** Whether the base is the tenant's: it exists there, or it did and was searched before it was deleted. */
    public boolean knownTo(String tenantId, String knowledgeBaseId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select exists (select 1 from knowledge_base where id = :base and tenant_id = :tenant)
                            or exists (select 1 from knowledge_search where knowledge_base_id = :base
                                                                         and tenant_id = :tenant)""")
                .bind("base", knowledgeBaseId).bind("tenant", tenantId).mapTo(Boolean.class).one());
    }
}
