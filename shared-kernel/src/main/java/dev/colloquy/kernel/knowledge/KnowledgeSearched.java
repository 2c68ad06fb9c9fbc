package dev.colloquy.kernel.knowledge;

import dev.colloquy.kernel.privacy.PersonalData;
import dev.colloquy.kernel.privacy.PersonalDataScope;
import java.math.BigDecimal;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * Someone searched knowledge bases through the API (a reply's own retrieval is recorded as its
 * {@code SourcesCited}): which bases, how, how many passages they were shown, the query (encrypted under the
 * searcher's profile key: erasing them shreds it) and what embedding the query cost ({@code null}: unpriced).
 * Recorded before the passages are sent, so nothing is shown without a record.
 */
@Revision("1")
public record KnowledgeSearched(String tenantId, @PersonalDataScope(kind = "profile") String searcherId,
                                List<String> knowledgeBaseIds, String mode, int topK, int results,
                                @PersonalData String query, String embeddingModel, long embeddingTokens,
                                BigDecimal embeddingCostUsd) {
    public KnowledgeSearched {
        knowledgeBaseIds = List.copyOf(knowledgeBaseIds);
    }
}
