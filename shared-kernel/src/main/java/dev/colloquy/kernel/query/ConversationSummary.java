package dev.colloquy.kernel.query;

import java.time.Instant;

public record ConversationSummary(String id, String title, String model, Instant createdAt, Instant updatedAt,
                                  int messageCount, ForkOrigin forkedFrom) {
}
