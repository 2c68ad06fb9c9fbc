package dev.colloquy.query.audit;

import dev.colloquy.kernel.query.ConversationTree;
import java.time.Instant;

/**
 * A conversation as it was after its event {@code sequence} (stamped {@code at}): the tree in the shape
 * {@code GET /api/v1/conversations/{id}} answers, plus what that view leaves out (deleted conversations are not
 * shown there at all).
 */
public record ConversationState(String conversationId, long sequence, Instant at, String tenantId, String ownerId,
                                boolean deleted, ConversationTree conversation) {
}
