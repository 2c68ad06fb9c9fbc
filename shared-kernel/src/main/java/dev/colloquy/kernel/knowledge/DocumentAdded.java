package dev.colloquy.kernel.knowledge;

import dev.colloquy.kernel.privacy.PersonalData;
import dev.colloquy.kernel.privacy.PersonalDataScope;
import org.axonframework.serialization.Revision;

/**
 * A document and its extracted text, encrypted under the profile key of whoever added it: erasing them shreds
 * it. Its chunks and vectors are a read model of this event.
 */
@Revision("1")
public record DocumentAdded(String documentId, String knowledgeBaseId, String tenantId,
                            @PersonalDataScope(kind = "profile") String addedBy, @PersonalData String title,
                            String mediaType, long bytes, @PersonalData String source, @PersonalData String text,
                            String failure) {
}
