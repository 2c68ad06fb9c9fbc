package dev.colloquy.command.model;

public record ChatMessage(String role, String content) {
}
