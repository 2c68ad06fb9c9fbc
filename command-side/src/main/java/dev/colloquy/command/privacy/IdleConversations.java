package dev.colloquy.command.privacy;

import java.time.Instant;
import java.util.List;

/** Conversations of a tenant not active since a given time and not yet erased; bound in infra to the read model. */
@FunctionalInterface
public interface IdleConversations {
    List<String> idleSince(String tenantId, Instant cutoff, int limit);
}
