package dev.colloquy.command.knowledge;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.knowledge.AddDocument;
import dev.colloquy.kernel.knowledge.DocumentAdded;
import dev.colloquy.kernel.knowledge.DocumentRemoved;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** A document of a knowledge base: added once with its text, removed once. {@link DocumentIntake} checks access. */
@Aggregate
public class KnowledgeDocument {
    @AggregateIdentifier
    private String id;
    private String knowledgeBaseId;
    private String tenantId;
    private boolean removed;

    protected KnowledgeDocument() {
    }

    KnowledgeDocument(AddDocument command) {
        apply(new DocumentAdded(command.documentId(), command.knowledgeBaseId(), command.tenantId(),
                command.actorId(), command.title(), command.mediaType(), command.bytes(), command.source(),
                command.text(), command.failure()));
    }

    String knowledgeBaseId(String tenant) {
        if (removed || !tenantId.equals(tenant)) {
            throw ColloquyException.notFound("document");
        }
        return knowledgeBaseId;
    }

    void remove() {
        apply(new DocumentRemoved(id, knowledgeBaseId, tenantId));
    }

    @EventSourcingHandler
    void on(DocumentAdded event) {
        id = event.documentId();
        knowledgeBaseId = event.knowledgeBaseId();
        tenantId = event.tenantId();
    }

    @EventSourcingHandler
    void on(DocumentRemoved event) {
        removed = true;
    }
}
