package dev.colloquy.kernel.conversation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Posts a user message. {@code parentMessageId} null means "under the leaf of the active branch";
 * {@code messageId} and {@code replyId} are chosen by the sender so that a retried command is recognisable.
 */
public record PostMessage(@TargetAggregateIdentifier String conversationId, String tenantId, String actorId,
                          String messageId, String replyId, String content, String parentMessageId,
                          String clientMessageId) {
}
