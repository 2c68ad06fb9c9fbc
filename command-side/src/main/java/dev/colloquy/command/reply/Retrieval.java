package dev.colloquy.command.reply;

import java.math.BigDecimal;
import java.util.List;

/**
 * Finds the passages of knowledge bases that a reply's prompt is given. The bases are the conversation's; only
 * those the user may still read are searched (one deleted or unshared since it was chosen gives nothing).
 */
public interface Retrieval {
    Retrieved retrieve(String tenantId, String userId, List<String> knowledgeBaseIds, String query, int topK);

    /**
     * Best first. {@code embeddingTokens}: what embedding the query cost, with the model that did it, priced from
     * its entry ({@code null}: unpriced).
     */
    record Retrieved(List<Passage> passages, String embeddingModel, long embeddingTokens,
                     BigDecimal embeddingCostUsd) {
        public Retrieved {
            passages = List.copyOf(passages);
        }
    }

    record Passage(String documentId, String knowledgeBaseId, String title, String chunkId, String text,
                   double score) {
    }
}
