package dev.colloquy.command.model;

import java.util.List;

public record CompletionRequest(String upstreamModel, List<ChatMessage> messages, int maxOutputTokens) {
    public CompletionRequest {
        messages = List.copyOf(messages);
    }
}
