package dev.colloquy.kernel.conversation;

import dev.colloquy.kernel.quota.QuotaLimits;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Posts a user message. {@code parentMessageId} null means "under the leaf of the active branch", and
 * {@link #ROOT} means "as a new first message" (editing the first message). {@code messageId} and
 * {@code replyId} are chosen by the sender so that a retried command is recognisable. {@code allowedModels}
 * are the models the sender may use now (the plan may have changed since the conversation started); the
 * conversation refuses the message when its model is not among them. {@code quota} is the sender's
 * effective quota (plan, then tenant and user overrides), {@code tenantBudget} what all the tenant's users may
 * consume together, and {@code maxConcurrentReplies} how many replies the sender may have in progress at once
 * (0: no limit); all are checked when the reply's budget is reserved.
 */
public record PostMessage(@TargetAggregateIdentifier String conversationId, String tenantId, String actorId,
                          String messageId, String replyId, String content, String parentMessageId,
                          String clientMessageId, InputScreening screening, List<String> allowedModels,
                          QuotaLimits quota, QuotaLimits tenantBudget, int maxConcurrentReplies) {
    /** The nil UUID, which LibreChat's API also uses for "no parent". */
    public static final String ROOT = "00000000-0000-0000-0000-000000000000";

    public PostMessage {
        screening = screening == null ? InputScreening.NONE : screening;
        allowedModels = List.copyOf(allowedModels);
        quota = quota == null ? QuotaLimits.NONE : quota;
        tenantBudget = tenantBudget == null ? QuotaLimits.NONE : tenantBudget;
    }

    public PostMessage(String conversationId, String tenantId, String actorId, String messageId, String replyId,
                       String content, String parentMessageId, String clientMessageId, InputScreening screening,
                       List<String> allowedModels) {
        this(conversationId, tenantId, actorId, messageId, replyId, content, parentMessageId, clientMessageId,
                screening, allowedModels, QuotaLimits.NONE, QuotaLimits.NONE, 0);
    }
}
