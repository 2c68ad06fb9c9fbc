package dev.colloquy.command.privacy;

import java.time.Duration;
import java.util.List;

/**
 * The keys personal data in events is encrypted with (one per conversation, one per user profile), as the erasure
 * process sees them. Bound in infra to the serializer's key store.
 */
public interface Keyring {
    /** The conversations of {@code subjectId} whose key still exists. */
    List<String> liveConversationsOf(String subjectId);

    /** Deletes the scope's key, in the running transaction; nothing happens if it is already gone. */
    void shred(String scopeId);

    /** How long another node may still hold a deleted key in its cache. */
    Duration cacheTtl();
}
