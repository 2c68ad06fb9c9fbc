package dev.colloquy.kernel.reply;

import dev.colloquy.kernel.privacy.PersonalData;

/**
 * Source {@code n} of a reply's prompt: the passage of a knowledge base it was given, as it read then. Title and
 * passage are encrypted under the conversation's key (the enclosing event's scope), so erasing the conversation
 * shreds what it quoted; {@code injectionScore} is what the injection guard made of the passage (0 when clean).
 */
public record Citation(int n, String documentId, String knowledgeBaseId, @PersonalData String title,
                       String chunkId, @PersonalData String snippet, double score, int injectionScore) {
}
