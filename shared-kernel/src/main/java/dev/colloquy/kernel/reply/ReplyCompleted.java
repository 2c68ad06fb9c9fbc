package dev.colloquy.kernel.reply;

import java.util.List;
import org.axonframework.serialization.Revision;

/** Revision 2 added {@code redactedPii}: the kinds of personal data removed from the content. */
@Revision("2")
public record ReplyCompleted(String conversationId, String replyId, String content, String model,
                             String finishReason, TokenUsage usage, long timeToFirstTokenMillis,
                             long latencyMillis, List<String> redactedPii) {
    public ReplyCompleted {
        redactedPii = redactedPii == null ? List.of() : List.copyOf(redactedPii);
    }
}
