package dev.colloquy.kernel.conversation;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The knowledge bases the conversation's replies draw on from now on (none: no retrieval). */
public record ChooseKnowledge(@TargetAggregateIdentifier String conversationId, String tenantId, String actorId,
                              List<String> knowledgeBaseIds) {
    public ChooseKnowledge {
        knowledgeBaseIds = List.copyOf(knowledgeBaseIds);
    }
}
