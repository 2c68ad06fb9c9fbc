package dev.colloquy.kernel.conversation;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that a message was refused by the tenant's injection policy; it never becomes part of the tree. */
public record RecordRejectedMessage(@TargetAggregateIdentifier String conversationId, String tenantId,
                                    String actorId, String contentSha256, int contentLength, int injectionScore,
                                    List<String> injectionCategories) {
}
