package dev.colloquy.kernel.query;

import java.time.Instant;
import java.util.List;

public record ConversationTree(String id, String title, String model, String systemPrompt, Instant createdAt,
                               Instant updatedAt, String activeLeafId, ForkOrigin forkedFrom,
                               List<MessageView> messages, List<String> knowledgeBaseIds) {
    public ConversationTree {
        messages = List.copyOf(messages);
        knowledgeBaseIds = knowledgeBaseIds == null ? List.of() : List.copyOf(knowledgeBaseIds);
    }
}
