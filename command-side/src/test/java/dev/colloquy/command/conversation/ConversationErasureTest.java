package dev.colloquy.command.conversation;

import static dev.colloquy.command.conversation.ConversationEvents.CONVERSATION;
import static dev.colloquy.command.conversation.ConversationEvents.MODEL;
import static dev.colloquy.command.conversation.ConversationEvents.OTHER_TENANT;
import static dev.colloquy.command.conversation.ConversationEvents.OWNER;
import static dev.colloquy.command.conversation.ConversationEvents.TENANT;
import static dev.colloquy.command.conversation.ConversationEvents.exchange;
import static dev.colloquy.command.conversation.ConversationEvents.post;
import static dev.colloquy.command.conversation.ConversationEvents.posted;
import static dev.colloquy.command.conversation.ConversationEvents.requested;
import static dev.colloquy.command.conversation.ConversationEvents.started;
import static dev.colloquy.command.conversation.ConversationEvents.streaming;
import static dev.colloquy.command.conversation.ConversationEvents.withCode;

import dev.colloquy.command.quota.QuotaGate;
import dev.colloquy.kernel.conversation.RenameDialogue;
import dev.colloquy.kernel.conversation.RestoreDialogue;
import dev.colloquy.kernel.error.ErrorCode;
import dev.colloquy.kernel.privacy.ConversationErased;
import dev.colloquy.kernel.privacy.EraseConversation;
import dev.colloquy.kernel.reply.CompleteReply;
import dev.colloquy.kernel.reply.ReplyFailed;
import dev.colloquy.kernel.reply.TokenUsage;
import dev.colloquy.kernel.usage.RecordUsage;
import dev.colloquy.kernel.usage.UsageRecorded;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConversationErasureTest {
    private static final String REASON = "erasure:request-1";
    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Conversation.class);
        fixture.registerInjectableResource((QuotaGate) request -> List.of());
        fixture.setReportIllegalStateChange(false);
    }

    @Test
    void erasingRecordsWhoseConversationItWasAndWhy() {
        fixture.given(started()).andGiven(exchange("m1", null, "r1"))
                .when(new EraseConversation(CONVERSATION, TENANT, REASON))
                .expectEvents(new ConversationErased(CONVERSATION, TENANT, OWNER, REASON));
    }

    @Test
    void retentionErasesAConversationIdleSinceBeforeItsCutoff() {
        fixture.given(started()).andGiven(exchange("m1", null, "r1"))
                .when(new EraseConversation(CONVERSATION, TENANT, "retention", Instant.now().plus(Duration.ofDays(1))))
                .expectEvents(new ConversationErased(CONVERSATION, TENANT, OWNER, "retention"))
                .expectResultMessagePayload(true);
    }

    @Test
    void retentionLeavesAConversationActiveSinceItsCutoffWhateverAReadModelSaid() {
        fixture.given(started()).andGiven(exchange("m1", null, "r1"))
                .when(new EraseConversation(CONVERSATION, TENANT, "retention",
                        Instant.now().minus(Duration.ofDays(30))))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void erasingTwiceChangesNothing() {
        fixture.given(started(), new ConversationErased(CONVERSATION, TENANT, OWNER, REASON))
                .when(new EraseConversation(CONVERSATION, TENANT, "retention"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anotherTenantCannotEraseIt() {
        fixture.given(started())
                .when(new EraseConversation(CONVERSATION, OTHER_TENANT, REASON))
                .expectException(withCode(ErrorCode.NOT_FOUND))
                .expectNoEvents();
    }

    @Test
    void aReplyStillRunningIsFailedWithoutTextBeforeTheKeyGoes() {
        fixture.given(started(), posted("m1", null, "hello"), requested("r1", "m1"), streaming("r1"))
                .when(new EraseConversation(CONVERSATION, TENANT, REASON))
                .expectEvents(
                        new ReplyFailed(CONVERSATION, "r1", "CONVERSATION_ERASED", "the conversation was erased",
                                null, MODEL, null, List.of()),
                        new ConversationErased(CONVERSATION, TENANT, OWNER, REASON));
    }

    @Test
    void anErasedConversationTakesNoMoreMessages() {
        fixture.given(started(), new ConversationErased(CONVERSATION, TENANT, OWNER, REASON))
                .when(post("m1", "r1", "still there?"))
                .expectException(withCode(ErrorCode.NOT_FOUND))
                .expectNoEvents();
    }

    @Test
    void anErasedConversationCannotBeRenamed() {
        fixture.given(started(), new ConversationErased(CONVERSATION, TENANT, OWNER, REASON))
                .when(new RenameDialogue(CONVERSATION, TENANT, OWNER, "new title"))
                .expectException(withCode(ErrorCode.NOT_FOUND));
    }

    @Test
    void anErasedConversationCannotBeRestored() {
        fixture.given(started(), new ConversationErased(CONVERSATION, TENANT, OWNER, REASON))
                .when(new RestoreDialogue(CONVERSATION, TENANT, OWNER))
                .expectException(withCode(ErrorCode.NOT_FOUND));
    }

    @Test
    void aReplyEndingAfterTheErasureWritesNothing() {
        fixture.given(started(), posted("m1", null, "hello"), requested("r1", "m1"), streaming("r1"))
                .andGivenCommands(new EraseConversation(CONVERSATION, TENANT, REASON))
                .when(new CompleteReply(CONVERSATION, "r1", "late text", MODEL, "stop", new TokenUsage(1, 1), 1, 1,
                        List.of()))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theUsageOfItsRepliesIsStillCharged() {
        fixture.given(started()).andGiven(exchange("m1", null, "r1"))
                .andGiven(new ConversationErased(CONVERSATION, TENANT, OWNER, REASON))
                .when(new RecordUsage(CONVERSATION, "r1", MODEL, 10, 5, BigDecimal.ONE, false))
                .expectEvents(new UsageRecorded(CONVERSATION, "r1", TENANT, OWNER, MODEL, 10, 5, BigDecimal.ONE, false));
    }
}
