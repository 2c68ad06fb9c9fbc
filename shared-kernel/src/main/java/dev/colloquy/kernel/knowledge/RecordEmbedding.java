package dev.colloquy.kernel.knowledge;

import java.math.BigDecimal;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Charges embedding a document's chunks with {@code model}: sent by the embedding workers once none of its chunks
 * waits, possibly more than once (a retry, a rebuild of the read model); the document records it once per model.
 */
public record RecordEmbedding(@TargetAggregateIdentifier String documentId, String model, long tokens,
                              BigDecimal costUsd) {
}
