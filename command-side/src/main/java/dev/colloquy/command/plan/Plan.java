package dev.colloquy.command.plan;

import java.util.List;

/**
 * What a subscription gives: the models its users may call and the longest message they may post. Plans are
 * configuration; which plan a tenant or user is on is recorded in events.
 */
public record Plan(String name, List<String> models, int maxContentChars) {
    public Plan {
        models = List.copyOf(models);
        if (maxContentChars < 1) {
            throw new IllegalArgumentException("plan " + name + ": max-content-chars must be positive");
        }
    }
}
