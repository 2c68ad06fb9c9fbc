package dev.colloquy.command.privacy;

import java.util.List;

/**
 * Every conversation a user owns in a tenant as the conversation read model knows it, erased and deleted ones
 * included: unlike the key table, it also lists conversations started before encryption, which have no key.
 */
@FunctionalInterface
public interface OwnedConversations {
    List<String> of(String tenantId, String ownerId);
}
