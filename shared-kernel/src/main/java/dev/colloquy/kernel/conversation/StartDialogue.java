package dev.colloquy.kernel.conversation;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code knowledgeBaseIds}: the knowledge bases its replies draw on (checked readable by the caller before). */
public record StartDialogue(@TargetAggregateIdentifier String conversationId, String tenantId, String ownerId,
                            String title, String model, String systemPrompt, List<String> knowledgeBaseIds) {
    public StartDialogue {
        knowledgeBaseIds = knowledgeBaseIds == null ? List.of() : List.copyOf(knowledgeBaseIds);
    }

    public StartDialogue(String conversationId, String tenantId, String ownerId, String title, String model,
                         String systemPrompt) {
        this(conversationId, tenantId, ownerId, title, model, systemPrompt, List.of());
    }
}
