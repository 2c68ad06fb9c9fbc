package dev.colloquy.kernel.conversation;

import java.util.List;
import org.axonframework.serialization.Revision;

/** The knowledge bases the conversation's next replies retrieve from, in the order the user gave them. */
@Revision("1")
public record KnowledgeChosen(String conversationId, List<String> knowledgeBaseIds) {
    public KnowledgeChosen {
        knowledgeBaseIds = knowledgeBaseIds == null ? List.of() : List.copyOf(knowledgeBaseIds);
    }
}
