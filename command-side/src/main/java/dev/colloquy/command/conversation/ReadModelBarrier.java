package dev.colloquy.command.conversation;

/**
 * Read-your-writes: a command endpoint answers only once the read model shows the conversation at the
 * version its command produced, so the client's next GET sees its own change.
 */
public interface ReadModelBarrier {
    void awaitConversation(String conversationId, long version);
}
