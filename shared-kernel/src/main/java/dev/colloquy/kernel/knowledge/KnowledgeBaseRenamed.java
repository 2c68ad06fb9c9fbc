package dev.colloquy.kernel.knowledge;

import dev.colloquy.kernel.privacy.PersonalData;
import dev.colloquy.kernel.privacy.PersonalDataScope;
import org.axonframework.serialization.Revision;

@Revision("1")
public record KnowledgeBaseRenamed(String knowledgeBaseId, @PersonalDataScope(kind = "profile") String ownerId,
                                   @PersonalData String name, @PersonalData String description) {
}
