package dev.colloquy.kernel.conversation;

import dev.colloquy.kernel.privacy.PersonalData;
import dev.colloquy.kernel.privacy.PersonalDataScope;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A new conversation that starts with a copy of the source's path root→{@code sourceMessageId}. The copy makes
 * the fork self-contained: later changes to the source (deletion, erasure) never rewrite the fork's history.
 */
@Revision("1")
public record DialogueForked(@PersonalDataScope(subject = "ownerId", tenant = "tenantId") String conversationId,
                             String tenantId, String ownerId, @PersonalData String title, String model,
                             @PersonalData String systemPrompt, String sourceConversationId, String sourceMessageId,
                             List<TranscriptEntry> transcript) {
    public DialogueForked {
        transcript = List.copyOf(transcript);
    }
}
