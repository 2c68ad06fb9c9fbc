package dev.colloquy.command.privacy;

import dev.colloquy.kernel.privacy.ConversationErased;
import dev.colloquy.kernel.privacy.UserErased;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.jdbi.v3.core.Jdbi;

/**
 * Deletes the key of what was erased, and the partial reply text kept outside the event store, in the
 * transaction that stores the erasure (a subscribing processor): the event and the shredding commit together.
 */
@ProcessingGroup("key-shredding")
public class KeyShredding {
    private final Keyring keyring;
    private final Jdbi jdbi;

    public KeyShredding(Keyring keyring, Jdbi jdbi) {
        this.keyring = keyring;
        this.jdbi = jdbi;
    }

    @EventHandler
    void on(ConversationErased event) {
        keyring.shred(event.conversationId());
        jdbi.useHandle(h -> h.createUpdate("delete from reply_checkpoint where conversation_id = :conversation")
                .bind("conversation", event.conversationId()).execute());
    }

    @EventHandler
    void on(UserErased event) {
        keyring.shred(event.userId());
    }
}
