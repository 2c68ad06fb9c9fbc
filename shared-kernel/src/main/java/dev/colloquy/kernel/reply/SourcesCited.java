package dev.colloquy.kernel.reply;

import dev.colloquy.kernel.privacy.PersonalDataScope;
import java.math.BigDecimal;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * The numbered sources a reply's prompt held (an empty list: retrieval ran and found nothing), the knowledge
 * bases it searched, the passages the guard withheld, and what embedding the query cost: its tokens, and their
 * price from the embedding model's entry ({@code null}: unpriced; local models at 0, but counted).
 */
@Revision("2")
public record SourcesCited(@PersonalDataScope String conversationId, String replyId, List<Citation> citations,
                           List<WithheldSource> withheld, List<String> knowledgeBaseIds, String embeddingModel,
                           long embeddingTokens, BigDecimal embeddingCostUsd) {
    public SourcesCited {
        citations = citations == null ? List.of() : List.copyOf(citations);
        withheld = withheld == null ? List.of() : List.copyOf(withheld);
        knowledgeBaseIds = knowledgeBaseIds == null ? List.of() : List.copyOf(knowledgeBaseIds);
    }
}
