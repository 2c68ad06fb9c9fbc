package dev.colloquy.command.knowledge;

/**
 * Read-your-writes for knowledge: an endpoint answers once the read model shows the knowledge base or document
 * at the version its command produced (or, for {@link #GONE}, no longer shows it).
 */
public interface KnowledgeBarrier {
    long GONE = -1;

    void awaitBase(String knowledgeBaseId, long version);

    void awaitDocument(String documentId, long version);
}
