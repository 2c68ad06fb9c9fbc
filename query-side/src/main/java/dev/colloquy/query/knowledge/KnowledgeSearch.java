package dev.colloquy.query.knowledge;

import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.knowledge.EmbeddingModel;
import dev.colloquy.kernel.knowledge.EmbeddingModels;
import dev.colloquy.kernel.knowledge.VectorText;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Semantic, keyword and hybrid search over the chunks of knowledge bases the caller may read (the caller's
 * access is settled before: here every statement is limited to the given bases, in SQL). Semantic search scans
 * exactly while the bases hold few vectors, and otherwise uses the HNSW index with pgvector's iterative scan, so
 * that the filter to these bases never starves the result (with a plain scan and {@code ef_search} 40, a filter
 * keeping a tenth of the rows returns about 4). Keyword search reads a query of words as any of its lexemes, the
 * rarer weighing more, and a query in search syntax as written. Hybrid fuses both ranked lists by reciprocal rank
 * (k = 60).
 */
public class KnowledgeSearch {
    public enum Mode { HYBRID, SEMANTIC, KEYWORD }

    /** Below this many vectors an exact scan is both fast and perfect. */
    static final long EXACT_UP_TO = 20_000;
    static final int RRF_K = 60;
    /** How many of each list hybrid fuses. */
    static final int FUSED = 50;
    /**
     * A word in a tenth of the chunks searched or more, and at least in COMMON_MIN (at most COMMON_MAX) of them,
     * finds no candidates and weighs nothing: what keyword search reads stays bounded however large the bases.
     */
    static final long COMMON_MIN = 500;
    static final long COMMON_MAX = 2_000;
    /** How many of a query's rarest words find keyword candidates (a reply's query can be long). */
    static final int RARE_TERMS = 8;
    /**
     * What makes a keyword query the user's own boolean search rather than words: a quoted phrase, a word excluded
     * with a leading {@code -}, or an upper-case {@code OR} (a lower-case "or" is prose: "an int or None").
     */
    static final Pattern WEB_SEARCH_SYNTAX = Pattern.compile("\"|(^|\\s)-\\S|\\sOR\\s");

    private static final Executor ALONGSIDE = Executors.newVirtualThreadPerTaskExecutor();

    private final Jdbi jdbi;
    private final EmbeddingModels models;

    public KnowledgeSearch(Jdbi jdbi, EmbeddingModels models) {
        this.jdbi = jdbi;
        this.models = models;
    }

    public record Base(String id, String model, long chunks) {
    }

    public record Hit(String documentId, String knowledgeBaseId, String title, String chunkId, String heading,
                      String text, int page, double score, int rank) {
    }

    /**
     * The hits, and the tokens embedding the query took (none for keyword search) by the first base's model, with
     * their price ({@code null}: unpriced).
     */
    public record Found(List<Hit> hits, String embeddingModel, long embeddingTokens, BigDecimal embeddingCostUsd) {
    }

    public Found find(List<Base> bases, String query, int topK, Mode mode) {
        if (bases.isEmpty()) {
            return new Found(List.of(), null, 0, BigDecimal.ZERO);
        }
        long[] tokens = new long[1];
        List<Hit> hits = switch (mode) {
            case SEMANTIC -> ranked(semantic(bases, query, topK, tokens), topK);
            case KEYWORD -> ranked(keyword(bases, query, topK), topK);
            case HYBRID -> hybrid(bases, query, topK, tokens);
        };
        String model = mode == Mode.KEYWORD ? null : bases.getFirst().model();
        return new Found(hits, model, tokens[0], models.costOf(model, tokens[0]));
    }

    /** The words are looked up while the query is embedded: a reply waits for the slower of the two, not both. */
    private List<Hit> hybrid(List<Base> bases, String query, int topK, long[] tokens) {
        int depth = Math.max(FUSED, topK);
        CompletableFuture<List<Hit>> words = CompletableFuture.supplyAsync(() -> keyword(bases, query, depth),
                ALONGSIDE);
        List<Hit> meaning = semantic(bases, query, depth, tokens);
        try {
            return fuse(meaning, words.join(), topK);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private List<Hit> semantic(List<Base> bases, String query, int limit, long[] tokens) {
        List<Hit> hits = new ArrayList<>();
        Map<String, List<Base>> byModel = new LinkedHashMap<>();
        bases.forEach(base -> byModel.computeIfAbsent(base.model(), m -> new ArrayList<>()).add(base));
        for (Map.Entry<String, List<Base>> group : byModel.entrySet()) {
            EmbeddingModel model = models.find(group.getKey()).orElseThrow(() -> new ColloquyException(
                    dev.colloquy.kernel.error.ErrorCode.INTERNAL_ERROR,
                    "embedding model " + group.getKey() + " is not configured on this node"));
            EmbeddingModel.Embeddings embedded = model.embed(List.of(query));
            tokens[0] += embedded.tokens();
            String vector = VectorText.of(embedded.vectors().getFirst());
            String[] ids = group.getValue().stream().map(Base::id).toArray(String[]::new);
            long chunks = group.getValue().stream().mapToLong(Base::chunks).sum();
            hits.addAll(jdbi.inTransaction(h -> chunks <= EXACT_UP_TO
                    ? exact(h, ids, group.getKey(), vector, limit)
                    : approximate(h, ids, group.getKey(), model.dimensions(), vector, limit)));
        }
        hits.sort(Comparator.comparingDouble(Hit::score).reversed());
        return hits.size() > limit ? hits.subList(0, limit) : hits;
    }

    /**
     * Distances first, over the bases' vectors only, and the chunks' text for the nearest: sorting rows that carry
     * their vectors and texts, in parallel workers, cost more than the distances themselves.
     */
    private static List<Hit> exact(Handle h, String[] bases, String model, String vector, int limit) {
        h.execute("set local max_parallel_workers_per_gather = 0");
        return nearestChunks(h, """
                select v.chunk_id, v.embedding <=> cast(:q as vector) as distance
                from knowledge_vector v
                where v.knowledge_base_id = any(:bases) and v.model = :model
                order by distance, v.chunk_id
                limit :limit""", bases, model, vector, limit);
    }

    /** The index expression casts to the model's dimension; {@code dims} selects the index's rows. */
    private static List<Hit> approximate(Handle h, String[] bases, String model, int dims, String vector,
                                         int limit) {
        h.execute("set local hnsw.iterative_scan = relaxed_order");
        h.execute("set local hnsw.ef_search = " + Math.max(100, limit * 2));
        return nearestChunks(h, """
                select v.chunk_id, v.embedding::vector(%1$d) <=> cast(:q as vector(%1$d)) as distance
                from knowledge_vector v
                where v.dims = %1$d and v.model = :model and v.knowledge_base_id = any(:bases)
                order by v.embedding::vector(%1$d) <=> cast(:q as vector(%1$d))
                limit :limit""".formatted(dims), bases, model, vector, limit);
    }

    /** The chunks of the vectors {@code nearest} picks (its {@code chunk_id} and {@code distance}), nearest first. */
    private static List<Hit> nearestChunks(Handle h, String nearest, String[] bases, String model, String vector,
                                           int limit) {
        return h.createQuery("with nearest as materialized (" + nearest + ")" + """

                        select c.document_id, c.knowledge_base_id, d.title, c.id, c.heading, c.text, c.page,
                               1 - n.distance as score
                        from nearest n
                        join knowledge_chunk c on c.id = n.chunk_id
                        join knowledge_document d on d.id = c.document_id
                        order by n.distance, c.id""")
                .bind("q", vector).bind("bases", bases).bind("model", model).bind("limit", limit)
                .map(KnowledgeSearch::hit).list();
    }

    private List<Hit> keyword(List<Base> bases, String query, int limit) {
        String[] ids = bases.stream().map(Base::id).toArray(String[]::new);
        if (WEB_SEARCH_SYNTAX.matcher(query).find()) {
            return jdbi.withHandle(h -> h.createQuery("""
                            select c.document_id, c.knowledge_base_id, d.title, c.id, c.heading, c.text, c.page,
                                   ts_rank_cd(c.tsv, q) as score
                            from knowledge_chunk c
                            join knowledge_document d on d.id = c.document_id,
                                 websearch_to_tsquery('english'::regconfig, :query) q
                            where c.knowledge_base_id = any(:bases) and c.tsv @@ q
                            order by score desc, c.id
                            limit :limit""")
                    .bind("query", query).bind("bases", ids).bind("limit", limit)
                    .map(KnowledgeSearch::hit).list());
        }
        // Words, not a boolean query: a chunk needs any of them, not all (a question's words are rarely all in the
        // passage that answers it). Each lexeme weighs its BM25 inverse document frequency in these bases, so a
        // chunk with the question's rare words outranks one with many common ones; proximity breaks ties. Ranking
        // every chunk with any word would cost as much as the bases are large, so the candidates are bounded: the
        // chunks holding one of the query's RARE_TERMS rarest words (each in fewer than `common` chunks), and up
        // to `common` holding every word. A word in `common` chunks or more is as good as a stop word here
        // (weight 0), and its count stops there. The CTEs are materialised so that nothing is counted twice.
        long total = bases.stream().mapToLong(Base::chunks).sum();
        long common = Math.clamp(total / 10, COMMON_MIN, COMMON_MAX);
        // The planner cannot know how common a word is (the query is a value computed in the statement), and
        // would read the full-text index over every tenant's chunks; small bases are read whole instead, the word
        // matched on each chunk (written so that no index can take it).
        String match = total <= EXACT_UP_TO ? "coalesce(c.tsv @@ %s.q, false)" : "c.tsv @@ %s.q";
        return jdbi.withHandle(h -> h.createQuery("""
                        with terms as materialized (
                            select distinct cast('''' || replace(replace(t.lexeme, '\\', '\\\\'), '''', '''''')
                                                 || '''' as tsquery) as q
                            from unnest(to_tsvector('english'::regconfig, :query)) t),
                        counted as materialized (
                            select t.q, f.df from terms t cross join lateral (
                                select count(*) as df from (
                                    select 1 from knowledge_chunk c
                                    where c.knowledge_base_id = any(:bases) and %1$s limit :common) m) f),
                        weighted as materialized (
                            select q, df, case when df >= :common or df = 0 then 0
                                               else ln(1 + (greatest(:total, df) - df + 0.5) / (df + 0.5)) end as idf
                            from counted),
                        rare as materialized (
                            select cast(string_agg(cast(q as text), ' | ') as tsquery) as q
                            from (select q from weighted where idf > 0 order by df, cast(q as text)
                                  limit :rareTerms) r),
                        anyterm as materialized (
                            select cast(string_agg(cast(q as text), ' | ') as tsquery) as q from terms),
                        everyterm as materialized (
                            select cast(string_agg(cast(q as text), ' & ') as tsquery) as q from terms),
                        candidates as materialized (
                            select c.id from knowledge_chunk c, rare r
                            where r.q is not null and c.knowledge_base_id = any(:bases) and %2$s
                            union
                            (select c.id from knowledge_chunk c, everyterm e
                             where c.knowledge_base_id = any(:bases) and %3$s limit :common))
                        select c.document_id, c.knowledge_base_id, d.title, c.id, c.heading, c.text, c.page,
                               (select coalesce(sum(w.idf), 0) from weighted w where c.tsv @@ w.q)
                                   + ts_rank_cd(c.tsv, a.q) as score
                        from candidates k
                        join knowledge_chunk c on c.id = k.id
                        join knowledge_document d on d.id = c.document_id, anyterm a
                        order by score desc, c.id
                        limit :limit""".formatted(match.formatted("t"), match.formatted("r"), match.formatted("e")))
                .bind("query", query).bind("bases", ids).bind("total", total).bind("limit", limit)
                .bind("common", common).bind("rareTerms", RARE_TERMS)
                .map(KnowledgeSearch::hit).list());
    }

    private static List<Hit> fuse(List<Hit> semantic, List<Hit> keyword, int topK) {
        Map<String, Hit> hits = new LinkedHashMap<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        for (List<Hit> list : List.of(semantic, keyword)) {
            for (int i = 0; i < list.size(); i++) {
                Hit hit = list.get(i);
                hits.putIfAbsent(hit.chunkId(), hit);
                scores.merge(hit.chunkId(), 1.0 / (RRF_K + i + 1), Double::sum);
            }
        }
        List<Hit> fused = new ArrayList<>();
        scores.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry::getKey))
                .limit(topK)
                .forEach(entry -> fused.add(withScore(hits.get(entry.getKey()), entry.getValue(), fused.size() + 1)));
        return fused;
    }

    private static List<Hit> ranked(List<Hit> hits, int topK) {
        List<Hit> ranked = new ArrayList<>();
        for (Hit hit : hits.subList(0, Math.min(topK, hits.size()))) {
            ranked.add(withScore(hit, hit.score(), ranked.size() + 1));
        }
        return ranked;
    }

    private static Hit withScore(Hit hit, double score, int rank) {
        return new Hit(hit.documentId(), hit.knowledgeBaseId(), hit.title(), hit.chunkId(), hit.heading(),
                hit.text(), hit.page(), score, rank);
    }

    private static Hit hit(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws java.sql.SQLException {
        return new Hit(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getInt(7), rs.getDouble(8), 0);
    }
}
