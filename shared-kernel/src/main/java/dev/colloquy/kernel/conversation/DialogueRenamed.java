package dev.colloquy.kernel.conversation;

import dev.colloquy.kernel.privacy.PersonalData;
import dev.colloquy.kernel.privacy.PersonalDataScope;
import org.axonframework.serialization.Revision;

@Revision("1")
public record DialogueRenamed(@PersonalDataScope String conversationId, @PersonalData String title) {
}
