package dev.colloquy.kernel.reply;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Marks a reply as generating and answers its {@link ReplyContext} from the command model, so that the
 * context always holds the message just posted (a projection might still lag behind). {@code price}: what the
 * starting node's catalogue charges for the model now, null when it does not price it.
 */
public record StartReply(@TargetAggregateIdentifier String conversationId, String replyId, ReplyPrice price) {
}
