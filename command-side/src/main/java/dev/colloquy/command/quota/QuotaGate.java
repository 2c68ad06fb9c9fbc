package dev.colloquy.command.quota;

import dev.colloquy.kernel.quota.QuotaLimits;
import dev.colloquy.kernel.quota.QuotaWarning;
import dev.colloquy.kernel.reply.ReplyContext;
import java.util.List;

/**
 * Reserves a reply's budget before the model is called: its estimated prompt plus the most it may generate,
 * in tokens and in dollars. Called by the conversation while it accepts a message, in the same transaction, so
 * a message is never accepted without its reservation nor a reservation kept for a message that was not.
 */
@FunctionalInterface
public interface QuotaGate {
    /** For installs that enforce no limits: nothing is reserved, nothing refused. */
    QuotaGate UNLIMITED = request -> List.of();

    /**
     * Reserves, or refuses with 429 {@code QUOTA_EXCEEDED} (a hard limit) or {@code RATE_LIMITED} (too many
     * replies in progress). Returns the limits whose soft threshold the user has now passed.
     */
    List<QuotaWarning> reserve(Request request);

    /**
     * {@code context} is the reply's context as it will be sent, the message being posted included;
     * {@code limits} the user's quota, {@code tenantBudget} what the tenant's users may consume together.
     */
    record Request(String tenantId, String userId, String replyId, String model, ReplyContext context,
                   QuotaLimits limits, QuotaLimits tenantBudget, int maxConcurrentReplies) {
    }
}
