package dev.colloquy.command.plan;

/**
 * What a plan lets a tenant keep in its knowledge bases: the largest file one upload may carry, and how many
 * documents and bytes (of uploaded files) the tenant's knowledge bases may hold together.
 */
public record KnowledgeLimits(long maxDocumentBytes, long documents, long bytes) {
    public static final KnowledgeLimits DEFAULT = new KnowledgeLimits(20L << 20, 1_000, 1L << 30);

    public KnowledgeLimits {
        if (maxDocumentBytes < 1 || documents < 0 || bytes < 0) {
            throw new IllegalArgumentException("knowledge limits must be positive");
        }
    }
}
