package dev.colloquy.kernel.query;

import java.util.List;

/** The messages root→leaf, oldest first. */
public record ConversationPath(String conversationId, String leafId, List<MessageView> messages) {
    public ConversationPath {
        messages = List.copyOf(messages);
    }
}
