package dev.colloquy.kernel.knowledge;

/**
 * A document's text, extracted where it was uploaded. {@code failure} says why a file that looked right could
 * not be read (an encrypted or broken PDF): the document is kept, and ends as {@code failed} with that reason.
 */
public record AddDocument(String documentId, String knowledgeBaseId, String tenantId, String actorId,
                          boolean admin, String title, String mediaType, long bytes, String source, String text,
                          String failure) {
}
