package dev.colloquy.command.privacy;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The keys personal data in events is encrypted with (one per conversation, one per user profile), as the erasure
 * process sees them. Bound in infra to the serializer's key store.
 */
public interface Keyring {
    /** The conversations of {@code subjectId} whose key still exists. */
    List<String> liveConversationsOf(String subjectId);

    /** Every scope (conversations and the profile) of {@code subjectId} whose key still exists. */
    List<String> liveScopesOf(String subjectId);

    /** Those of {@code scopeIds} that have a key, live or shredded; the others predate encryption. */
    Set<String> keyed(Collection<String> scopeIds);

    /** Deletes the scope's key, in the running transaction; nothing happens if it is already gone. */
    void shred(String scopeId);

    /** How long another node may still hold a deleted key in its cache. */
    Duration cacheTtl();
}
