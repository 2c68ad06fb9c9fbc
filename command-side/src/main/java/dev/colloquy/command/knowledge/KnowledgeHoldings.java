package dev.colloquy.command.knowledge;

import dev.colloquy.command.plan.KnowledgeLimits;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import dev.colloquy.kernel.knowledge.DocumentAdded;
import dev.colloquy.kernel.knowledge.DocumentRemoved;
import dev.colloquy.kernel.knowledge.KnowledgeBaseDeleted;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

/**
 * How many documents and bytes each tenant's knowledge bases hold, written in the events' own transaction. A new
 * document is admitted under a per-tenant advisory lock held to the end of that transaction, so two nodes adding
 * at once cannot both take the last place.
 */
@Component
@ProcessingGroup("knowledge-holdings")
public class KnowledgeHoldings {
    private final Jdbi jdbi;

    public KnowledgeHoldings(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Refuses a document the tenant has no room for; called inside the command's transaction. */
    void admit(String tenantId, long bytes, KnowledgeLimits limits) {
        record Held(long documents, long bytes) {
        }
        Held held = jdbi.withHandle(h -> {
            h.execute("select pg_advisory_xact_lock(hashtext(?))", "knowledge:" + tenantId);
            return h.createQuery("""
                            select count(*) as documents, coalesce(sum(bytes), 0) as bytes
                            from knowledge_holding where tenant_id = :tenant""")
                    .bind("tenant", tenantId).map((rs, ctx) -> new Held(rs.getLong(1), rs.getLong(2))).one();
        });
        if (held.documents() + 1 > limits.documents()) {
            throw refusal("knowledge-documents", limits.documents(), held.documents());
        }
        if (held.bytes() + bytes > limits.bytes()) {
            throw refusal("knowledge-bytes", limits.bytes(), held.bytes());
        }
    }

    private static ColloquyException refusal(String limit, long value, long used) {
        return new ColloquyException(ErrorCode.QUOTA_EXCEEDED, "your tenant's knowledge bases are full ("
                + limit + ": " + value + "); delete documents or ask for a larger plan",
                Map.of("limit", limit, "limitValue", value, "used", used));
    }

    @EventHandler
    void on(DocumentAdded event) {
        jdbi.useHandle(h -> h.createUpdate("""
                        insert into knowledge_holding (document_id, tenant_id, knowledge_base_id, bytes)
                        values (:document, :tenant, :base, :bytes) on conflict do nothing""")
                .bind("document", event.documentId()).bind("tenant", event.tenantId())
                .bind("base", event.knowledgeBaseId()).bind("bytes", event.bytes()).execute());
    }

    @EventHandler
    void on(DocumentRemoved event) {
        jdbi.useHandle(h -> h.createUpdate("delete from knowledge_holding where document_id = :document")
                .bind("document", event.documentId()).execute());
    }

    @EventHandler
    void on(KnowledgeBaseDeleted event) {
        jdbi.useHandle(h -> h.createUpdate("delete from knowledge_holding where knowledge_base_id = :base")
                .bind("base", event.knowledgeBaseId()).execute());
    }
}
