package dev.colloquy.kernel.query;

import java.util.List;

public record ConversationPage(List<ConversationSummary> items, long total) {
    public ConversationPage {
        items = List.copyOf(items);
    }
}
