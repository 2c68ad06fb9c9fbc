package dev.colloquy.projections.audit;

import dev.colloquy.kernel.MetadataKeys;
import dev.colloquy.kernel.knowledge.KnowledgeSearched;
import dev.colloquy.kernel.privacy.UserErased;
import dev.colloquy.kernel.reply.SourcesCited;
import java.time.Instant;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

/**
 * Builds {@code knowledge_search}, what an auditor reads to see who searched which knowledge base: the API's
 * searches and the replies' retrievals. Part of the {@code audit-accesses} processor (reset and rebuilt with it);
 * rows are keyed by the event id, so a replay writes the same ones.
 */
@Component
@ProcessingGroup(AuditAccessProjection.GROUP)
public class KnowledgeSearchLog {
    private final Jdbi jdbi;

    public KnowledgeSearchLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @EventHandler
    void on(KnowledgeSearched e, @MessageIdentifier String eventId, @Timestamp Instant at,
            @MetaDataValue(MetadataKeys.TRACE_ID) String traceId) {
        insert(new Row(eventId, e.tenantId(), e.searcherId(), null, null, e.mode(), e.topK(), e.results(), e.query(),
                traceId, at), e.knowledgeBaseIds());
    }

    /** A reply's retrieval runs as the user who posted its message, whose tenant and id the metadata carries. */
    @EventHandler
    void on(SourcesCited e, @MessageIdentifier String eventId, @Timestamp Instant at,
            @MetaDataValue(MetadataKeys.TENANT) String tenantId, @MetaDataValue(MetadataKeys.ACTOR) String actor,
            @MetaDataValue(MetadataKeys.TRACE_ID) String traceId) {
        insert(new Row(eventId, tenantId, actor, e.conversationId(), e.replyId(), "hybrid", null,
                e.citations().size(), null, traceId, at), e.knowledgeBaseIds());
    }

    /** The searches stay, under the pseudonym; the erased user's queries go. */
    @EventHandler
    void on(UserErased e) {
        jdbi.useHandle(h -> h.createUpdate("""
                        update knowledge_search set searcher_id = :pseudonym, query = null
                        where tenant_id = :tenant and searcher_id = :user""")
                .bind("pseudonym", e.pseudonym()).bind("tenant", e.tenantId()).bind("user", e.userId()).execute());
    }

    @ResetHandler
    void reset() {
        jdbi.useHandle(h -> h.execute("truncate knowledge_search"));
    }

    private record Row(String eventId, String tenantId, String searcherId, String conversationId, String replyId,
                       String mode, Integer topK, int results, String query, String traceId, Instant at) {
    }

    private void insert(Row row, List<String> knowledgeBaseIds) {
        if (row.tenantId() == null || row.searcherId() == null) {
            return; // no origin in the metadata: there is no one to attribute the search to
        }
        jdbi.useHandle(h -> {
            var batch = h.prepareBatch("""
                    insert into knowledge_search (event_id, knowledge_base_id, tenant_id, searcher_id,
                                                  conversation_id, reply_id, mode, top_k, results, query,
                                                  trace_id, searched_at)
                    values (:eventId, :base, :tenantId, :searcherId, :conversationId, :replyId, :mode, :topK,
                            :results, :query, :traceId, :at)""");
            for (String base : knowledgeBaseIds) {
                batch.bind("eventId", row.eventId()).bind("base", base).bind("tenantId", row.tenantId())
                        .bind("searcherId", row.searcherId()).bind("conversationId", row.conversationId())
                        .bind("replyId", row.replyId()).bind("mode", row.mode()).bind("topK", row.topK())
                        .bind("results", row.results()).bind("query", row.query()).bind("traceId", row.traceId())
                        .bind("at", row.at()).add();
            }
            if (batch.size() > 0) {
                batch.execute();
            }
        });
    }
}
