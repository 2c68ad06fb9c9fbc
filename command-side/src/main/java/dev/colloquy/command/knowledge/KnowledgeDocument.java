package dev.colloquy.command.knowledge;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.knowledge.AddDocument;
import dev.colloquy.kernel.knowledge.DocumentAdded;
import dev.colloquy.kernel.knowledge.DocumentEmbedded;
import dev.colloquy.kernel.knowledge.DocumentRemoved;
import dev.colloquy.kernel.knowledge.RecordEmbedding;
import java.util.HashSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A document of a knowledge base: added once with its text, charged once per embedding model, removed once.
 * {@link DocumentIntake} checks access.
 */
@Aggregate
public class KnowledgeDocument {
    @AggregateIdentifier
    private String id;
    private String knowledgeBaseId;
    private String tenantId;
    private String addedBy;
    private boolean removed;
    private final Set<String> embeddedWith = new HashSet<>();

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

    /** Once per model: the workers may send it again, a removed document's embedding was still work done. */
    @CommandHandler
    void handle(RecordEmbedding command) {
        if (!embeddedWith.contains(command.model())) {
            apply(new DocumentEmbedded(id, knowledgeBaseId, tenantId, addedBy, command.model(), command.tokens(),
                    command.costUsd()));
        }
    }

    void remove() {
        apply(new DocumentRemoved(id, knowledgeBaseId, tenantId));
    }

    @EventSourcingHandler
    void on(DocumentAdded event) {
        id = event.documentId();
        knowledgeBaseId = event.knowledgeBaseId();
        tenantId = event.tenantId();
        addedBy = event.addedBy();
    }

    @EventSourcingHandler
    void on(DocumentEmbedded event) {
        embeddedWith.add(event.model());
    }

    @EventSourcingHandler
    void on(DocumentRemoved event) {
        removed = true;
    }
}
