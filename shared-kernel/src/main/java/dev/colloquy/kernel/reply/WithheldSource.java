package dev.colloquy.kernel.reply;

import java.util.List;

/** A retrieved passage kept out of a prompt by the injection guard; its text is never copied here. */
public record WithheldSource(String documentId, String chunkId, int injectionScore, List<String> categories) {
    public WithheldSource {
        categories = categories == null ? List.of() : List.copyOf(categories);
    }
}
