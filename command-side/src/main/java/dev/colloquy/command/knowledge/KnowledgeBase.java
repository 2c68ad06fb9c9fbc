package dev.colloquy.command.knowledge;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import dev.colloquy.kernel.knowledge.ChangeKnowledgeBase;
import dev.colloquy.kernel.knowledge.CreateKnowledgeBase;
import dev.colloquy.kernel.knowledge.DeleteKnowledgeBase;
import dev.colloquy.kernel.knowledge.EmbeddingModelChanged;
import dev.colloquy.kernel.knowledge.KnowledgeBaseCreated;
import dev.colloquy.kernel.knowledge.KnowledgeBaseDeleted;
import dev.colloquy.kernel.knowledge.KnowledgeBaseRenamed;
import dev.colloquy.kernel.knowledge.KnowledgeBaseSharingChanged;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A knowledge base: who owns it, whether the tenant shares it, which embedding model its vectors come from.
 * Private ones exist for their owner only (anyone else, a tenant admin too, gets 404); a shared one is read by
 * every member of its tenant and changed by its owner or a tenant admin. Its documents are aggregates of their
 * own, so that loading it never replays their text.
 */
@Aggregate
public class KnowledgeBase {
    @AggregateIdentifier
    private String id;
    private String tenantId;
    private String ownerId;
    private String name;
    private String description;
    private boolean shared;
    private String embeddingModel;
    private boolean deleted;

    protected KnowledgeBase() {
    }

    @CommandHandler
    public KnowledgeBase(CreateKnowledgeBase command) {
        apply(new KnowledgeBaseCreated(command.knowledgeBaseId(), command.tenantId(), command.ownerId(),
                command.name(), command.description(), command.shared(), command.embeddingModel()));
    }

    /** Answers the version the read model must reach before the change is visible there. */
    @CommandHandler
    public long handle(ChangeKnowledgeBase command) {
        requireChangeableBy(command.tenantId(), command.actorId(), command.admin());
        String newName = command.name() == null ? name : command.name();
        String newDescription = command.description() == null ? description : command.description();
        if (!newName.equals(name) || !Objects.equals(newDescription, description)) {
            apply(new KnowledgeBaseRenamed(id, ownerId, newName, newDescription));
        }
        if (command.shared() != null && command.shared() != shared) {
            if (!command.admin()) {
                throw new ColloquyException(ErrorCode.FORBIDDEN, "only a tenant admin shares a knowledge base");
            }
            apply(new KnowledgeBaseSharingChanged(id, command.shared()));
        }
        if (command.embeddingModel() != null && !command.embeddingModel().equals(embeddingModel)) {
            apply(new EmbeddingModelChanged(id, embeddingModel, command.embeddingModel()));
        }
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public void handle(DeleteKnowledgeBase command) {
        requireChangeableBy(command.tenantId(), command.actorId(), command.admin());
        apply(new KnowledgeBaseDeleted(id, tenantId, ownerId));
    }

    /** Adding or removing a document, like any change: its owner, or a tenant admin when it is shared. */
    void requireChangeableBy(String tenant, String actor, boolean admin) {
        if (deleted || !tenantId.equals(tenant) || !(ownerId.equals(actor) || shared)) {
            throw ColloquyException.notFound("knowledge base");
        }
        if (!ownerId.equals(actor) && !admin) {
            throw new ColloquyException(ErrorCode.FORBIDDEN,
                    "only its owner or a tenant admin changes a shared knowledge base");
        }
    }

    @EventSourcingHandler
    void on(KnowledgeBaseCreated event) {
        id = event.knowledgeBaseId();
        tenantId = event.tenantId();
        ownerId = event.ownerId();
        name = event.name();
        description = event.description();
        shared = event.shared();
        embeddingModel = event.embeddingModel();
    }

    @EventSourcingHandler
    void on(KnowledgeBaseRenamed event) {
        name = event.name();
        description = event.description();
    }

    @EventSourcingHandler
    void on(KnowledgeBaseSharingChanged event) {
        shared = event.shared();
    }

    @EventSourcingHandler
    void on(EmbeddingModelChanged event) {
        embeddingModel = event.embeddingModel();
    }

    @EventSourcingHandler
    void on(KnowledgeBaseDeleted event) {
        deleted = true;
    }
}
