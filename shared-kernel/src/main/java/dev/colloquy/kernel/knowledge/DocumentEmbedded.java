package dev.colloquy.kernel.knowledge;

import java.math.BigDecimal;
import org.axonframework.serialization.Revision;

/**
 * A document's chunks were embedded with {@code model}: the usage of the person who added it, {@code tokens}
 * priced from the model's entry ({@code null}: unpriced; a local model at 0, but counted).
 */
@Revision("1")
public record DocumentEmbedded(String documentId, String knowledgeBaseId, String tenantId, String addedBy,
                               String model, long tokens, BigDecimal costUsd) {
}
