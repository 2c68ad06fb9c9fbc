package dev.colloquy.command.knowledge;

import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.knowledge.ChangeKnowledgeBase;
import dev.colloquy.kernel.knowledge.CreateKnowledgeBase;
import dev.colloquy.kernel.knowledge.DeleteKnowledgeBase;
import dev.colloquy.kernel.knowledge.EmbeddingModelChanged;
import dev.colloquy.kernel.knowledge.KnowledgeBaseCreated;
import dev.colloquy.kernel.knowledge.KnowledgeBaseDeleted;
import dev.colloquy.kernel.knowledge.KnowledgeBaseRenamed;
import dev.colloquy.kernel.knowledge.KnowledgeBaseSharingChanged;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KnowledgeBaseTest {
    private static final String ID = "kb-1";
    private AggregateTestFixture<KnowledgeBase> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(KnowledgeBase.class);
    }

    private static KnowledgeBaseCreated created(boolean shared) {
        return new KnowledgeBaseCreated(ID, "acme", "alice", "Notes", null, shared, "minilm");
    }

    @Test
    void creatingRecordsTheOwnerAndTheModel() {
        fixture.givenNoPriorActivity()
                .when(new CreateKnowledgeBase(ID, "acme", "alice", "Notes", null, false, "minilm"))
                .expectEvents(created(false));
    }

    @Test
    void theOwnerRenamesAndChangesTheModelOnlyWhereSomethingChanges() {
        fixture.given(created(false))
                .when(new ChangeKnowledgeBase(ID, "acme", "alice", false, "Notes", "about work", null, "e5"))
                .expectEvents(new KnowledgeBaseRenamed(ID, "alice", "Notes", "about work"),
                        new EmbeddingModelChanged(ID, "minilm", "e5"));
    }

    @Test
    void anotherUsersPrivateBaseIsNotFoundEvenForAnAdmin() {
        fixture.given(created(false))
                .when(new DeleteKnowledgeBase(ID, "acme", "ada", true))
                .expectException(ColloquyException.class)
                .expectExceptionMessage("knowledge base not found");
    }

    @Test
    void anotherTenantsBaseIsNotFound() {
        fixture.given(created(true))
                .when(new DeleteKnowledgeBase(ID, "globex", "alice", true))
                .expectExceptionMessage("knowledge base not found");
    }

    @Test
    void aSharedBaseIsChangedByAnAdminButNotByAMember() {
        fixture.given(created(true))
                .when(new ChangeKnowledgeBase(ID, "acme", "bob", false, "Mine now", null, null, null))
                .expectException(ColloquyException.class)
                .expectNoEvents();
        fixture.given(created(true))
                .when(new ChangeKnowledgeBase(ID, "acme", "ada", true, null, null, false, null))
                .expectEvents(new KnowledgeBaseSharingChanged(ID, false));
    }

    @Test
    void onlyAnAdminShares() {
        fixture.given(created(false))
                .when(new ChangeKnowledgeBase(ID, "acme", "alice", false, null, null, true, null))
                .expectException(ColloquyException.class)
                .expectNoEvents();
    }

    @Test
    void aDeletedBaseIsGone() {
        fixture.given(created(false), new KnowledgeBaseDeleted(ID, "acme", "alice"))
                .when(new ChangeKnowledgeBase(ID, "acme", "alice", false, "again", null, null, null))
                .expectExceptionMessage("knowledge base not found");
    }
}
