package dev.colloquy.kernel.reply;

import java.util.List;

/**
 * The untrimmed prompt of a reply: the system prompt and the path root→prompt message, oldest first, and the
 * knowledge bases its sources are retrieved from (none: no retrieval).
 */
public record ReplyContext(String conversationId, String replyId, String model, String systemPrompt,
                           List<Turn> path, List<String> knowledgeBaseIds) {
    public ReplyContext {
        path = List.copyOf(path);
        knowledgeBaseIds = knowledgeBaseIds == null ? List.of() : List.copyOf(knowledgeBaseIds);
    }

    public ReplyContext(String conversationId, String replyId, String model, String systemPrompt, List<Turn> path) {
        this(conversationId, replyId, model, systemPrompt, path, List.of());
    }

    public record Turn(String messageId, String role, String content) {
    }
}
