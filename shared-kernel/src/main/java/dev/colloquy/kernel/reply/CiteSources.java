package dev.colloquy.kernel.reply;

import java.math.BigDecimal;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records what a reply was given from its conversation's knowledge bases ({@code knowledgeBaseIds}: the ones
 * searched), before the model is called. {@code withheld}: passages left out because the tenant's guard policy
 * blocks what they hold.
 */
public record CiteSources(@TargetAggregateIdentifier String conversationId, String replyId, List<Citation> citations,
                          List<WithheldSource> withheld, List<String> knowledgeBaseIds, String embeddingModel,
                          long embeddingTokens, BigDecimal embeddingCostUsd) {
    public CiteSources {
        citations = List.copyOf(citations);
        withheld = List.copyOf(withheld);
        knowledgeBaseIds = List.copyOf(knowledgeBaseIds);
    }
}
