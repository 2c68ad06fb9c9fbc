package dev.colloquy.command.conversation;

import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import java.util.Map;

/** Sizes a request may have; checked before any command is sent, so a rejected request records nothing. */
public record DialogueLimits(int maxContentChars, int maxTitleChars, int maxSystemPromptChars) {

    void checkContent(String content) {
        if (content == null || content.isBlank()) {
            throw invalid("content", "content must not be empty");
        }
        if (content.length() > maxContentChars) {
            throw invalid("content", "content is longer than " + maxContentChars + " characters");
        }
    }

    void checkTitle(String title) {
        if (title != null && title.length() > maxTitleChars) {
            throw invalid("title", "title is longer than " + maxTitleChars + " characters");
        }
    }

    void checkSystemPrompt(String systemPrompt) {
        if (systemPrompt != null && systemPrompt.length() > maxSystemPromptChars) {
            throw invalid("systemPrompt", "systemPrompt is longer than " + maxSystemPromptChars + " characters");
        }
    }

    static ColloquyException invalid(String field, String message) {
        return new ColloquyException(ErrorCode.VALIDATION_ERROR, message, Map.of("field", field));
    }
}
