package dev.colloquy.kernel.conversation;

/** Creates {@code forkId} from the path root→{@code messageId} of the source conversation. */
public record ForkFromMessage(String forkId, String sourceConversationId, String messageId, String tenantId,
                              String actorId) {
}
