package dev.colloquy.kernel.knowledge;

import dev.colloquy.kernel.privacy.PersonalData;
import dev.colloquy.kernel.privacy.PersonalDataScope;
import org.axonframework.serialization.Revision;

/** Name and description are the owner's words: encrypted under the owner's profile key. */
@Revision("1")
public record KnowledgeBaseCreated(String knowledgeBaseId, String tenantId,
                                   @PersonalDataScope(kind = "profile") String ownerId, @PersonalData String name,
                                   @PersonalData String description, boolean shared, String embeddingModel) {
}
