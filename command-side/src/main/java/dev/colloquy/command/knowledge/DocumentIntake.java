package dev.colloquy.command.knowledge;

import dev.colloquy.command.plan.KnowledgeLimits;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.knowledge.AddDocument;
import dev.colloquy.kernel.knowledge.RemoveDocument;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Adding and removing documents touches two aggregates: the knowledge base decides who may, the document
 * records it. The tenant's room is checked in the same transaction ({@link KnowledgeHoldings}).
 */
@Component
public class DocumentIntake {
    private final Repository<KnowledgeBase> bases;
    private final Repository<KnowledgeDocument> documents;
    private final KnowledgeHoldings holdings;

    public DocumentIntake(@Qualifier("knowledgeBaseRepository") Repository<KnowledgeBase> bases,
                          @Qualifier("knowledgeDocumentRepository") Repository<KnowledgeDocument> documents,
                          KnowledgeHoldings holdings) {
        this.bases = bases;
        this.documents = documents;
        this.holdings = holdings;
    }

    /** The limits travel beside the command, not in it: they are the plan's, not part of what was asked. */
    public record Admission(AddDocument document, KnowledgeLimits limits) {
    }

    @CommandHandler
    public String handle(Admission admission) throws Exception {
        AddDocument command = admission.document();
        requireChangeable(command.knowledgeBaseId(), command.tenantId(), command.actorId(), command.admin());
        holdings.admit(command.tenantId(), command.bytes(), admission.limits());
        documents.newInstance(() -> new KnowledgeDocument(command));
        return command.documentId();
    }

    @CommandHandler
    public void handle(RemoveDocument command) {
        String base;
        try {
            base = documents.load(command.documentId()).invoke(document -> document.knowledgeBaseId(command.tenantId()));
        } catch (AggregateNotFoundException e) {
            throw ColloquyException.notFound("document");
        }
        requireChangeable(base, command.tenantId(), command.actorId(), command.admin());
        documents.load(command.documentId()).execute(KnowledgeDocument::remove);
    }

    private void requireChangeable(String knowledgeBaseId, String tenantId, String actorId, boolean admin) {
        try {
            bases.load(knowledgeBaseId).execute(base -> base.requireChangeableBy(tenantId, actorId, admin));
        } catch (AggregateNotFoundException e) {
            throw ColloquyException.notFound("knowledge base");
        }
    }
}
