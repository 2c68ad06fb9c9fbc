package dev.colloquy.kernel.query;

public record ForkOrigin(String conversationId, String messageId) {
}
