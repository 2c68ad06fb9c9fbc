package dev.colloquy.kernel.reply;

import java.util.List;

/** The untrimmed prompt of a reply: the system prompt and the path root→prompt message, oldest first. */
public record ReplyContext(String conversationId, String replyId, String model, String systemPrompt,
                           List<Turn> path) {
    public ReplyContext {
        path = List.copyOf(path);
    }

    public record Turn(String messageId, String role, String content) {
    }
}
