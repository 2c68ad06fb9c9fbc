package dev.colloquy.command.knowledge;

import dev.colloquy.kernel.knowledge.DocumentAdded;
import dev.colloquy.kernel.knowledge.DocumentEmbedded;
import dev.colloquy.kernel.knowledge.DocumentRemoved;
import dev.colloquy.kernel.knowledge.RecordEmbedding;
import java.math.BigDecimal;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KnowledgeDocumentTest {
    private static final String ID = "doc-1";
    private static final DocumentAdded ADDED = new DocumentAdded(ID, "kb-1", "acme", "alice", "Notes", "text/plain",
            12, null, "Hello there.", null);
    private AggregateTestFixture<KnowledgeDocument> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(KnowledgeDocument.class);
    }

    @Test
    void anEmbeddingIsChargedToWhoeverAddedTheDocument() {
        fixture.given(ADDED)
                .when(new RecordEmbedding(ID, "minilm", 7, BigDecimal.ZERO))
                .expectEvents(new DocumentEmbedded(ID, "kb-1", "acme", "alice", "minilm", 7, BigDecimal.ZERO));
    }

    @Test
    void theSameModelIsChargedOnceAnotherAgain() {
        DocumentEmbedded once = new DocumentEmbedded(ID, "kb-1", "acme", "alice", "minilm", 7, BigDecimal.ZERO);
        fixture.given(ADDED, once).when(new RecordEmbedding(ID, "minilm", 7, BigDecimal.ZERO)).expectNoEvents();
        fixture.given(ADDED, once).when(new RecordEmbedding(ID, "e5", 9, null))
                .expectEvents(new DocumentEmbedded(ID, "kb-1", "acme", "alice", "e5", 9, null));
    }

    @Test
    void aDocumentRemovedHalfWayIsChargedForWhatWasEmbedded() {
        fixture.given(ADDED, new DocumentRemoved(ID, "kb-1", "acme"))
                .when(new RecordEmbedding(ID, "minilm", 3, BigDecimal.ZERO))
                .expectEvents(new DocumentEmbedded(ID, "kb-1", "acme", "alice", "minilm", 3, BigDecimal.ZERO));
    }
}
