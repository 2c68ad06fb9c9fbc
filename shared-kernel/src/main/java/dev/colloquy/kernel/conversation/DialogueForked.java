package dev.colloquy.kernel.conversation;

import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A new conversation that starts with a copy of the source's path root→{@code sourceMessageId}. The copy makes
 * the fork self-contained: later changes to the source (deletion, erasure) never rewrite the fork's history.
 */
@Revision("1")
public record DialogueForked(String conversationId, String tenantId, String ownerId, String title, String model,
                             String systemPrompt, String sourceConversationId, String sourceMessageId,
                             List<TranscriptEntry> transcript) {
    public DialogueForked {
        transcript = List.copyOf(transcript);
    }
}
