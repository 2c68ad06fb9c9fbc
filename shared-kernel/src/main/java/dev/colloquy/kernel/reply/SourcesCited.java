package dev.colloquy.kernel.reply;

import dev.colloquy.kernel.privacy.PersonalDataScope;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * The numbered sources a reply's prompt held (an empty list: retrieval ran and found nothing), the passages the
 * guard withheld, and the tokens of the query embedding ({@code embeddingModel} priced them; local models at 0).
 */
@Revision("1")
public record SourcesCited(@PersonalDataScope String conversationId, String replyId, List<Citation> citations,
                           List<WithheldSource> withheld, String embeddingModel, long embeddingTokens) {
    public SourcesCited {
        citations = citations == null ? List.of() : List.copyOf(citations);
        withheld = withheld == null ? List.of() : List.copyOf(withheld);
    }
}
