package dev.colloquy.kernel.reply;

import dev.colloquy.kernel.privacy.PersonalData;
import dev.colloquy.kernel.privacy.PersonalDataScope;
import java.util.List;
import org.axonframework.serialization.Revision;

/** Revision 2 added {@code redactedPii}: the kinds of personal data removed from the content. */
@Revision("2")
public record ReplyCompleted(@PersonalDataScope String conversationId, String replyId,
                             @PersonalData String content, String model, String finishReason, TokenUsage usage,
                             long timeToFirstTokenMillis, long latencyMillis, List<String> redactedPii) {
    public ReplyCompleted {
        redactedPii = redactedPii == null ? List.of() : List.copyOf(redactedPii);
    }
}
