package dev.colloquy.command.conversation;

import dev.colloquy.kernel.error.ColloquyException;

/**
 * Sizes a title and a system prompt may have (a message's limit is its sender's plan's); checked before any
 * command is sent, so a rejected request records nothing.
 */
public record DialogueLimits(int maxTitleChars, int maxSystemPromptChars) {

    void checkTitle(String title) {
        if (title != null && title.length() > maxTitleChars) {
            throw ColloquyException.invalid("title", "title is longer than " + maxTitleChars + " characters");
        }
    }

    void checkSystemPrompt(String systemPrompt) {
        if (systemPrompt != null && systemPrompt.length() > maxSystemPromptChars) {
            throw ColloquyException.invalid("systemPrompt",
                    "systemPrompt is longer than " + maxSystemPromptChars + " characters");
        }
    }
}
