package dev.colloquy.kernel.reply;

import dev.colloquy.kernel.privacy.PersonalData;
import dev.colloquy.kernel.privacy.PersonalDataScope;
import java.util.List;
import org.axonframework.serialization.Revision;

/** Revision 2 added {@code redactedPii}: the kinds of personal data removed from the content. */
@Revision("2")
public record ReplyCancelled(@PersonalDataScope String conversationId, String replyId,
                             @PersonalData String partialContent, String model,
                             TokenUsage usage, List<String> redactedPii) {
    public ReplyCancelled {
        redactedPii = redactedPii == null ? List.of() : List.copyOf(redactedPii);
    }
}
