package dev.colloquy.kernel.conversation;

import dev.colloquy.kernel.privacy.PersonalData;
import dev.colloquy.kernel.privacy.PersonalDataScope;
import java.util.List;
import org.axonframework.serialization.Revision;

/** Revision 2 added the input guard's findings; revision 1 events are upcast with none. */
@Revision("2")
public record MessagePosted(@PersonalDataScope String conversationId, String messageId, String parentMessageId,
                            @PersonalData String content,
                            String clientMessageId, int injectionScore, List<String> injectionCategories,
                            List<String> stripped) {
    public MessagePosted {
        injectionCategories = injectionCategories == null ? List.of() : List.copyOf(injectionCategories);
        stripped = stripped == null ? List.of() : List.copyOf(stripped);
    }
}
