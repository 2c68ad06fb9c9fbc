package dev.colloquy.query.audit;

import dev.colloquy.kernel.query.ForkOrigin;
import java.time.Instant;

/**
 * A conversation as an auditor finds it: deleted ones included (the chat no longer shows them, the trail keeps
 * them), and erased ones too, whose title is gone but whose chain still verifies.
 */
public record AuditedConversation(String id, String title, String ownerId, String model, Instant createdAt,
                                  Instant updatedAt, int messageCount, boolean deleted, boolean erased,
                                  ForkOrigin forkedFrom) {
}
