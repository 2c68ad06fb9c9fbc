package dev.colloquy.query.audit;

import java.util.List;

public record ConversationEvents(String conversationId, List<AuditedEvent> events) {
    public ConversationEvents {
        events = List.copyOf(events);
    }
}
