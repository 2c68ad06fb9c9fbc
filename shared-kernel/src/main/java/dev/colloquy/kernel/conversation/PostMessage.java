package dev.colloquy.kernel.conversation;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Posts a user message. {@code parentMessageId} null means "under the leaf of the active branch", and
 * {@link #ROOT} means "as a new first message" (editing the first message). {@code messageId} and
 * {@code replyId} are chosen by the sender so that a retried command is recognisable. {@code allowedModels}
 * are the models the sender may use now (the plan may have changed since the conversation started); the
 * conversation refuses the message when its model is not among them.
 */
public record PostMessage(@TargetAggregateIdentifier String conversationId, String tenantId, String actorId,
                          String messageId, String replyId, String content, String parentMessageId,
                          String clientMessageId, InputScreening screening, List<String> allowedModels) {
    /** The nil UUID, which LibreChat's API also uses for "no parent". */
    public static final String ROOT = "00000000-0000-0000-0000-000000000000";

    public PostMessage {
        screening = screening == null ? InputScreening.NONE : screening;
        allowedModels = List.copyOf(allowedModels);
    }
}
