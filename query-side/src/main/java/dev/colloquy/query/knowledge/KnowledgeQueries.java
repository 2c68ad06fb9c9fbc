package dev.colloquy.query.knowledge;

import dev.colloquy.kernel.query.FindKnowledgeBase;
import dev.colloquy.kernel.query.KnowledgeBaseView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

/**
 * Reads the knowledge read model. Every statement carries the reader's tenant and the access rule in SQL: a
 * reader sees their own knowledge bases and those their tenant shares; anything else is simply not found.
 */
@Component
public class KnowledgeQueries {
    static final String READABLE = " b.tenant_id = :tenant and (b.owner_id = :user or b.shared) ";
    private static final String BASE_COLUMNS = """
            b.id, b.name, b.description, b.shared, b.owner_id, b.embedding_model, b.pending_model,
            b.document_count, b.chunk_count, b.created_at""";
    private static final String DOCUMENT_COLUMNS = """
            d.id, d.knowledge_base_id, d.title, d.media_type, d.bytes, d.source, d.status, d.error, d.chunk_count,
            (select count(*) from knowledge_chunk c where c.document_id = d.id and not c.needs_embedding),
            d.created_at""";

    private final Jdbi jdbi;

    public KnowledgeQueries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A document as its readers see it; {@code embeddedChunks} of {@code chunkCount} shows ingestion's progress. */
    public record DocumentView(String id, String knowledgeBaseId, String title, String mediaType, long bytes,
                               String source, String status, String error, int chunkCount, long embeddedChunks,
                               Instant createdAt) {
    }

    @QueryHandler
    public Optional<KnowledgeBaseView> handle(FindKnowledgeBase query) {
        return jdbi.withHandle(h -> h.createQuery("select " + BASE_COLUMNS + " from knowledge_base b where b.id = :id and"
                        + READABLE)
                .bind("id", query.knowledgeBaseId()).bind("tenant", query.tenantId()).bind("user", query.userId())
                .map(KnowledgeQueries::base).findOne());
    }

    public List<KnowledgeBaseView> bases(String tenantId, String userId) {
        return jdbi.withHandle(h -> h.createQuery("select " + BASE_COLUMNS + " from knowledge_base b where"
                        + READABLE + "order by b.created_at desc, b.id")
                .bind("tenant", tenantId).bind("user", userId).map(KnowledgeQueries::base).list());
    }

    public Optional<List<DocumentView>> documents(String tenantId, String userId, String knowledgeBaseId) {
        return jdbi.withHandle(h -> {
            boolean readable = h.createQuery("select count(*) from knowledge_base b where b.id = :id and" + READABLE)
                    .bind("id", knowledgeBaseId).bind("tenant", tenantId).bind("user", userId)
                    .mapTo(Long.class).one() > 0;
            if (!readable) {
                return Optional.<List<DocumentView>>empty();
            }
            return Optional.of(h.createQuery("select " + DOCUMENT_COLUMNS
                            + " from knowledge_document d where d.knowledge_base_id = :id order by d.created_at, d.id")
                    .bind("id", knowledgeBaseId).map(KnowledgeQueries::document).list());
        });
    }

    public Optional<DocumentView> document(String tenantId, String userId, String documentId) {
        return jdbi.withHandle(h -> h.createQuery("select " + DOCUMENT_COLUMNS + """
                         from knowledge_document d join knowledge_base b on b.id = d.knowledge_base_id
                        where d.id = :id and""" + READABLE)
                .bind("id", documentId).bind("tenant", tenantId).bind("user", userId)
                .map(KnowledgeQueries::document).findOne());
    }

    /** What search needs of a base the reader may read: its model and size. */
    public Optional<KnowledgeSearch.Base> searchable(String tenantId, String userId, String knowledgeBaseId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select b.id, b.embedding_model, b.chunk_count from knowledge_base b where b.id = :id and"""
                        + READABLE)
                .bind("id", knowledgeBaseId).bind("tenant", tenantId).bind("user", userId)
                .map((rs, ctx) -> new KnowledgeSearch.Base(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .findOne());
    }

    /** Those of {@code knowledgeBaseIds} the reader may still read, in the order given. */
    public List<KnowledgeSearch.Base> searchable(String tenantId, String userId, List<String> knowledgeBaseIds) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select b.id, b.embedding_model, b.chunk_count
                        from knowledge_base b join unnest(cast(:ids as varchar[])) with ordinality as given(id, n)
                             on given.id = b.id
                        where""" + READABLE + " order by given.n")
                .bind("ids", knowledgeBaseIds.toArray(String[]::new)).bind("tenant", tenantId).bind("user", userId)
                .map((rs, ctx) -> new KnowledgeSearch.Base(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .list());
    }

    private static KnowledgeBaseView base(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws SQLException {
        return new KnowledgeBaseView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getLong(9),
                rs.getTimestamp(10).toInstant());
    }

    private static DocumentView document(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws SQLException {
        return new DocumentView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getLong(10),
                rs.getTimestamp(11).toInstant());
    }
}
