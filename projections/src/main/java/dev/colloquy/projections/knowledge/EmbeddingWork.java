package dev.colloquy.projections.knowledge;

import dev.colloquy.kernel.knowledge.EmbeddingModel;
import dev.colloquy.kernel.knowledge.EmbeddingModels;
import dev.colloquy.kernel.knowledge.VectorText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Embeds the chunks that wait for a vector, on every node: each batch is claimed with {@code FOR UPDATE SKIP
 * LOCKED}, so two nodes never embed the same chunk, and its vectors commit with the claim. A chunk deleted
 * meanwhile (its document removed) waits for the claim and then goes with its vectors: none is orphaned. Work
 * left by a node that died is simply not claimed any more, and the next worker takes it. A document is ready
 * when none of its chunks waits; a knowledge base changing model switches when none of its chunks does.
 */
public class EmbeddingWork implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(EmbeddingWork.class);
    static final int BATCH = 32;

    private final Jdbi jdbi;
    private final EmbeddingModels models;
    private final Duration idlePause;
    private final EmbeddingCharges charges;
    private volatile boolean running;
    private Thread worker;

    public EmbeddingWork(Jdbi jdbi, EmbeddingModels models, Duration idlePause, EmbeddingCharges charges) {
        this.jdbi = jdbi;
        this.models = models;
        this.idlePause = idlePause;
        this.charges = charges;
    }

    private record Waiting(String id, String documentId, String baseId, String tenantId, String model,
                           String input) {
    }

    /** Embeds one batch; answers how many chunks it embedded (0: nothing waits). */
    public int embedBatch() {
        return jdbi.inTransaction(h -> {
            List<Waiting> batch = h.createQuery("""
                            select c.id, c.document_id, c.knowledge_base_id, c.tenant_id,
                                   coalesce(b.pending_model, b.embedding_model) as model,
                                   case when c.heading = '' then c.text else c.heading || chr(10) || c.text end
                            from knowledge_chunk c join knowledge_base b on b.id = c.knowledge_base_id
                            where c.needs_embedding
                            order by c.knowledge_base_id, c.document_id, c.ord
                            limit :batch
                            for update of c skip locked""")
                    .bind("batch", BATCH)
                    .map((rs, ctx) -> new Waiting(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6))).list();
            Map<String, List<Waiting>> byModel = batch.stream()
                    .collect(Collectors.groupingBy(Waiting::model, LinkedHashMap::new, Collectors.toList()));
            for (Map.Entry<String, List<Waiting>> group : byModel.entrySet()) {
                store(h, group.getKey(), group.getValue());
            }
            Set<String> documents = new LinkedHashSet<>();
            Set<String> bases = new LinkedHashSet<>();
            batch.forEach(waiting -> {
                documents.add(waiting.documentId());
                bases.add(waiting.baseId());
            });
            if (!documents.isEmpty()) {
                h.createUpdate("""
                                update knowledge_document d set status = 'ready'
                                where d.id = any(:documents) and d.status = 'processing'
                                  and not exists (select 1 from knowledge_chunk c
                                                  where c.document_id = d.id and c.needs_embedding)""")
                        .bind("documents", documents.toArray(String[]::new)).execute();
                h.createUpdate("""
                                update knowledge_embedding_usage u set complete = true
                                where u.document_id = any(:documents) and not u.complete
                                  and not exists (select 1 from knowledge_chunk c
                                                  where c.document_id = u.document_id and c.needs_embedding)""")
                        .bind("documents", documents.toArray(String[]::new)).execute();
                switchWhenEmbedded(h, new ArrayList<>(bases));
            }
            return batch.size();
        });
    }

    private void store(Handle h, String modelId, List<Waiting> chunks) {
        EmbeddingModel model = models.find(modelId).orElseThrow(() -> new IllegalStateException(
                "embedding model " + modelId + " is not configured on this node"));
        EmbeddingModel.Embeddings embedded = model.embed(chunks.stream().map(Waiting::input).toList());
        List<float[]> vectors = embedded.vectors();
        addTokens(h, modelId, chunks, embedded.tokens());
        var insert = h.prepareBatch("""
                insert into knowledge_vector (chunk_id, model, knowledge_base_id, dims, embedding)
                values (:chunk, :model, :base, :dims, cast(:embedding as vector))
                on conflict (chunk_id, model) do update set embedding = excluded.embedding""");
        for (int i = 0; i < chunks.size(); i++) {
            insert.bind("chunk", chunks.get(i).id()).bind("model", modelId).bind("base", chunks.get(i).baseId())
                    .bind("dims", vectors.get(i).length).bind("embedding", VectorText.of(vectors.get(i))).add();
        }
        insert.execute();
        h.createUpdate("update knowledge_chunk set needs_embedding = false where id = any(:ids)")
                .bind("ids", chunks.stream().map(Waiting::id).toArray(String[]::new)).execute();
    }

    /**
     * The batch's tokens shared among its documents by the length of their texts (the model counts a batch as a
     * whole); the shares add up to the batch's count.
     */
    private static void addTokens(Handle h, String modelId, List<Waiting> chunks, long tokens) {
        Map<String, Long> chars = new LinkedHashMap<>();
        Map<String, String> tenants = new LinkedHashMap<>();
        chunks.forEach(chunk -> {
            chars.merge(chunk.documentId(), (long) chunk.input().length(), Long::sum);
            tenants.put(chunk.documentId(), chunk.tenantId());
        });
        long total = Math.max(1, chars.values().stream().mapToLong(Long::longValue).sum());
        long left = tokens;
        var upsert = h.prepareBatch("""
                insert into knowledge_embedding_usage (document_id, tenant_id, model, tokens)
                values (:document, :tenant, :model, :tokens)
                on conflict (document_id, model) do update
                    set tokens = knowledge_embedding_usage.tokens + excluded.tokens""");
        int i = 0;
        for (Map.Entry<String, Long> document : chars.entrySet()) {
            long share = ++i == chars.size() ? left : tokens * document.getValue() / total;
            left -= share;
            upsert.bind("document", document.getKey()).bind("tenant", tenants.get(document.getKey()))
                    .bind("model", modelId).bind("tokens", share).add();
        }
        upsert.execute();
    }

    /** Sends the charges of documents whose embedding is done; a failed send is tried again next round. */
    public int chargeFinished() {
        return jdbi.inTransaction(h -> {
            List<Map<String, Object>> due = h.createQuery("""
                            select document_id, model, tokens, tenant_id from knowledge_embedding_usage
                            where complete and not charged limit :batch for update skip locked""")
                    .bind("batch", BATCH).mapToMap().list();
            for (Map<String, Object> row : due) {
                String model = (String) row.get("model");
                long tokens = ((Number) row.get("tokens")).longValue();
                charges.charge((String) row.get("document_id"), (String) row.get("tenant_id"), model, tokens,
                        models.costOf(model, tokens));
                h.createUpdate("update knowledge_embedding_usage set charged = true "
                                + "where document_id = :document and model = :model")
                        .bind("document", row.get("document_id")).bind("model", model).execute();
            }
            return due.size();
        });
    }

    /** A knowledge base whose new model has embedded every chunk searches with it from now on. */
    static void switchWhenEmbedded(Handle h, List<String> bases) {
        List<String> switched = h.createQuery("""
                        update knowledge_base b set embedding_model = b.pending_model, pending_model = null
                        where b.id = any(:bases) and b.pending_model is not null
                          and not exists (select 1 from knowledge_chunk c
                                          where c.knowledge_base_id = b.id and c.needs_embedding)
                        returning b.id""")
                .bind("bases", bases.toArray(String[]::new)).mapTo(String.class).list();
        if (!switched.isEmpty()) {
            h.createUpdate("""
                            delete from knowledge_vector v using knowledge_base b
                            where b.id = v.knowledge_base_id and b.id = any(:bases) and v.model <> b.embedding_model""")
                    .bind("bases", switched.toArray(String[]::new)).execute();
        }
    }

    private void loop() {
        while (running) {
            try {
                if (embedBatch() < BATCH) {
                    chargeFinished();
                    Thread.sleep(idlePause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("embedding batch failed; retried after a pause", e);
                try {
                    Thread.sleep(idlePause.multipliedBy(10));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofPlatform().daemon().name("embedding-work").start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        worker.interrupt();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
