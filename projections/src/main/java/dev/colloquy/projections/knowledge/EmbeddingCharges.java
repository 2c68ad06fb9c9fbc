package dev.colloquy.projections.knowledge;

import java.math.BigDecimal;

/** Where the embedding workers send a document's finished embedding to be charged (the command side). */
public interface EmbeddingCharges {
    /** Idempotent: the document records one charge per model however often this is called. */
    void charge(String documentId, String tenantId, String model, long tokens, BigDecimal costUsd);
}
