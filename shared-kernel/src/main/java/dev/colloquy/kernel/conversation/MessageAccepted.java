package dev.colloquy.kernel.conversation;

import dev.colloquy.kernel.quota.QuotaWarning;
import java.util.List;

/**
 * What {@link PostMessage} answers; the same answer again for a repeated client message id (without quota
 * warnings, which belong to the request that reserved).
 */
public record MessageAccepted(String conversationId, String messageId, String replyId, long version,
                              List<QuotaWarning> quotaWarnings) {
    public MessageAccepted {
        quotaWarnings = quotaWarnings == null ? List.of() : List.copyOf(quotaWarnings);
    }

    public MessageAccepted(String conversationId, String messageId, String replyId, long version) {
        this(conversationId, messageId, replyId, version, List.of());
    }
}
