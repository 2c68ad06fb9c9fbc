package dev.colloquy.projections.knowledge;

import dev.colloquy.kernel.knowledge.DocumentAdded;
import dev.colloquy.kernel.knowledge.DocumentRemoved;
import dev.colloquy.kernel.knowledge.EmbeddingModelChanged;
import dev.colloquy.kernel.knowledge.KnowledgeBaseCreated;
import dev.colloquy.kernel.knowledge.KnowledgeBaseDeleted;
import dev.colloquy.kernel.knowledge.KnowledgeBaseRenamed;
import dev.colloquy.kernel.knowledge.KnowledgeBaseSharingChanged;
import dev.colloquy.kernel.privacy.PersonalData;
import dev.colloquy.kernel.privacy.UserErased;
import dev.colloquy.projections.replay.ReadModel;
import java.time.Instant;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.springframework.stereotype.Component;

/**
 * Builds knowledge bases, documents and their chunks from the events, in the processor's transaction; the chunks
 * wait for their vectors ({@code needs_embedding}), which {@link EmbeddingWork} adds on every node. One segment:
 * a document's events and its knowledge base's are applied in stored order, so no document outlives its base.
 */
@Component
@ProcessingGroup(KnowledgeProjection.GROUP)
public class KnowledgeProjection implements ReadModel {
    public static final String GROUP = "knowledge";

    private final Jdbi jdbi;
    private final Chunker chunker = new Chunker();

    public KnowledgeProjection(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public String processingGroup() {
        return GROUP;
    }

    @EventHandler
    void on(KnowledgeBaseCreated e, @SequenceNumber long version, @Timestamp Instant at) {
        jdbi.useHandle(h -> h.createUpdate("""
                        insert into knowledge_base (id, tenant_id, owner_id, name, description, shared,
                                                    embedding_model, version, created_at)
                        values (:id, :tenant, :owner, :name, :description, :shared, :model, :version, :at)
                        on conflict (id) do nothing""")
                .bind("id", e.knowledgeBaseId()).bind("tenant", e.tenantId()).bind("owner", e.ownerId())
                .bind("name", e.name()).bind("description", e.description()).bind("shared", e.shared())
                .bind("model", e.embeddingModel()).bind("version", version).bind("at", at).execute());
    }

    @EventHandler
    void on(KnowledgeBaseRenamed e, @SequenceNumber long version) {
        jdbi.useHandle(h -> h.createUpdate("""
                        update knowledge_base set name = :name, description = :description, version = :version
                        where id = :id""")
                .bind("id", e.knowledgeBaseId()).bind("name", e.name()).bind("description", e.description())
                .bind("version", version).execute());
    }

    @EventHandler
    void on(KnowledgeBaseSharingChanged e, @SequenceNumber long version) {
        jdbi.useHandle(h -> h.createUpdate("update knowledge_base set shared = :shared, version = :version where id = :id")
                .bind("id", e.knowledgeBaseId()).bind("shared", e.shared()).bind("version", version).execute());
    }

    /** Every chunk is embedded again; searches keep the old vectors until all have new ones. */
    @EventHandler
    void on(EmbeddingModelChanged e, @SequenceNumber long version) {
        jdbi.useHandle(h -> {
            h.createUpdate("update knowledge_base set pending_model = :model, version = :version where id = :id")
                    .bind("id", e.knowledgeBaseId()).bind("model", e.embeddingModel()).bind("version", version)
                    .execute();
            h.createUpdate("update knowledge_chunk set needs_embedding = true where knowledge_base_id = :id")
                    .bind("id", e.knowledgeBaseId()).execute();
            EmbeddingWork.switchWhenEmbedded(h, List.of(e.knowledgeBaseId()));
        });
    }

    /** Its documents, chunks and vectors go with it, in this transaction. */
    @EventHandler
    void on(KnowledgeBaseDeleted e) {
        jdbi.useHandle(h -> h.createUpdate("delete from knowledge_base where id = :id")
                .bind("id", e.knowledgeBaseId()).execute());
    }

    @EventHandler
    void on(DocumentAdded e, @SequenceNumber long version, @Timestamp Instant at) {
        jdbi.useHandle(h -> {
            boolean unreadable = PersonalData.ERASED.equals(e.text()) || PersonalData.UNREADABLE.equals(e.text());
            List<Chunker.Chunk> chunks = e.failure() != null || unreadable ? List.of() : chunker.split(e.text());
            String error = e.failure() != null ? e.failure()
                    : unreadable ? "the document's text has been erased"
                    : chunks.isEmpty() ? "the document has no text" : null;
            int inserted = h.createUpdate("""
                            insert into knowledge_document (id, knowledge_base_id, tenant_id, added_by, title,
                                                            media_type, bytes, source, text, status, error,
                                                            chunk_count, version, created_at)
                            select :id, b.id, :tenant, :addedBy, :title, :mediaType, :bytes, :source, :text,
                                   :status, :error, :chunks, :version, :at
                            from knowledge_base b where b.id = :base
                            on conflict (id) do nothing""")
                    .bind("id", e.documentId()).bind("base", e.knowledgeBaseId()).bind("tenant", e.tenantId())
                    .bind("addedBy", e.addedBy()).bind("title", e.title()).bind("mediaType", e.mediaType())
                    .bind("bytes", e.bytes()).bind("source", e.source()).bind("text", unreadable ? "" : e.text())
                    .bind("status", error == null ? "processing" : "failed").bind("error", error)
                    .bind("chunks", chunks.size()).bind("version", version).bind("at", at).execute();
            if (inserted == 0) {
                return; // its knowledge base is gone (deleted, or erased with its owner)
            }
            insertChunks(h, e, chunks);
            h.createUpdate("""
                            update knowledge_base set document_count = document_count + 1,
                                                      chunk_count = chunk_count + :chunks where id = :base""")
                    .bind("base", e.knowledgeBaseId()).bind("chunks", chunks.size()).execute();
        });
    }

    private static void insertChunks(Handle h, DocumentAdded e, List<Chunker.Chunk> chunks) {
        PreparedBatch batch = h.prepareBatch("""
                insert into knowledge_chunk (id, document_id, knowledge_base_id, tenant_id, ord, heading, text,
                                             start_offset, end_offset, page)
                values (:id, :document, :base, :tenant, :ord, :heading, :text, :start, :end, :page)""");
        for (Chunker.Chunk chunk : chunks) {
            batch.bind("id", e.documentId() + "-" + chunk.ord()).bind("document", e.documentId())
                    .bind("base", e.knowledgeBaseId()).bind("tenant", e.tenantId()).bind("ord", chunk.ord())
                    .bind("heading", chunk.heading()).bind("text", chunk.text()).bind("start", chunk.start())
                    .bind("end", chunk.end()).bind("page", chunk.page()).add();
        }
        if (!chunks.isEmpty()) {
            batch.execute();
        }
    }

    /** Its chunks and vectors go with it, in this transaction; a worker embedding them waits for it, then finds none. */
    @EventHandler
    void on(DocumentRemoved e) {
        jdbi.useHandle(h -> removeDocuments(h, "id = :id", e.documentId()));
    }

    /** An erased person's documents, and their private knowledge bases, are gone from every table. */
    @EventHandler
    void on(UserErased e) {
        jdbi.useHandle(h -> {
            removeDocuments(h, "added_by = :id", e.userId());
            h.createUpdate("delete from knowledge_base where owner_id = :user and not shared")
                    .bind("user", e.userId()).execute();
            // a shared one stays the tenant's, without its owner's words (as a rebuild reads them: erased)
            h.createUpdate("update knowledge_base set name = :erased, description = null where owner_id = :user")
                    .bind("user", e.userId()).bind("erased", PersonalData.ERASED).execute();
        });
    }

    private static void removeDocuments(Handle h, String which, String id) {
        h.createUpdate("""
                        with gone as (delete from knowledge_document where %s
                                      returning id, knowledge_base_id, chunk_count),
                             -- what a document removed half-way had embedded is charged all the same
                             done as (update knowledge_embedding_usage set complete = true
                                      where document_id in (select id from gone))
                        update knowledge_base b set document_count = b.document_count - g.documents,
                                                    chunk_count = b.chunk_count - g.chunks
                        from (select knowledge_base_id, count(*) as documents, sum(chunk_count) as chunks
                              from gone group by knowledge_base_id) g
                        where b.id = g.knowledge_base_id""".formatted(which))
                .bind("id", id).execute();
    }

    @ResetHandler
    void reset() {
        jdbi.useHandle(h -> h.execute("truncate knowledge_vector, knowledge_chunk, knowledge_document, knowledge_base, "
                + "knowledge_embedding_usage"));
    }
}
