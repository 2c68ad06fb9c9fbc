package dev.colloquy.kernel.conversation;

import dev.colloquy.kernel.privacy.PersonalData;
import dev.colloquy.kernel.privacy.PersonalDataScope;
import org.axonframework.serialization.Revision;

@Revision("1")
public record DialogueStarted(@PersonalDataScope(subject = "ownerId", tenant = "tenantId") String conversationId,
                              String tenantId, String ownerId, @PersonalData String title, String model,
                              @PersonalData String systemPrompt) {
}
