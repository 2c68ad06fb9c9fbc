package dev.colloquy.command.conversation;

import static dev.colloquy.command.conversation.ConversationEvents.CONVERSATION;
import static dev.colloquy.command.conversation.ConversationEvents.MODEL;
import static dev.colloquy.command.conversation.ConversationEvents.OTHER_TENANT;
import static dev.colloquy.command.conversation.ConversationEvents.OTHER_USER;
import static dev.colloquy.command.conversation.ConversationEvents.OWNER;
import static dev.colloquy.command.conversation.ConversationEvents.SYSTEM_PROMPT;
import static dev.colloquy.command.conversation.ConversationEvents.TENANT;
import static dev.colloquy.command.conversation.ConversationEvents.TITLE;
import static dev.colloquy.command.conversation.ConversationEvents.USAGE;
import static dev.colloquy.command.conversation.ConversationEvents.exchange;
import static dev.colloquy.command.conversation.ConversationEvents.posted;
import static dev.colloquy.command.conversation.ConversationEvents.requested;
import static dev.colloquy.command.conversation.ConversationEvents.started;
import static dev.colloquy.command.conversation.ConversationEvents.streaming;
import static dev.colloquy.command.conversation.ConversationEvents.withCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.colloquy.kernel.conversation.DialogueDeleted;
import dev.colloquy.kernel.conversation.DialogueForked;
import dev.colloquy.kernel.conversation.ForkFromMessage;
import dev.colloquy.kernel.conversation.InputScreening;
import dev.colloquy.kernel.conversation.MessagePosted;
import dev.colloquy.command.quota.QuotaGate;
import dev.colloquy.kernel.conversation.PostMessage;
import dev.colloquy.kernel.conversation.StartDialogue;
import dev.colloquy.kernel.conversation.TranscriptEntry;
import dev.colloquy.kernel.error.ErrorCode;
import dev.colloquy.kernel.reply.CompleteReply;
import dev.colloquy.kernel.reply.FailReply;
import dev.colloquy.kernel.reply.ReplyContext.Turn;
import dev.colloquy.kernel.reply.ReplyContext;
import dev.colloquy.kernel.reply.ReplyRequested;
import dev.colloquy.kernel.reply.StartReply;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.Message;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A fork reads one conversation and creates another. {@link AggregateTestFixture} stores the events of a single
 * aggregate only (it rejects the fork's DialogueForked with "Writing events for an unexpected aggregate"), so the
 * refusals are tested with the fixture, and successful forks on a real in-memory Axon configuration: the same
 * {@link Conversation} and {@link ForkHandler} behind a command bus, an event-sourcing repository and an event store.
 */
class ForkHandlerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);
    private static final String FORK = "fork-1";

    @Nested
    class Refusals {
        private FixtureConfiguration<Conversation> fixture;

        @BeforeEach
        void setUp() {
            fixture = new AggregateTestFixture<>(Conversation.class);
            fixture.setReportIllegalStateChange(false); // see ConversationTest
            fixture.registerInjectableResource((QuotaGate) request -> List.of());
            fixture.registerAnnotatedCommandHandler(new ForkHandler(fixture.getRepository(), CLOCK));
        }

        @Test
        void forkingFromARequestedReplyIsRejected() {
            fixture.given(started()).andGiven(exchange("m1", null, "r1"))
                    .andGiven(posted("m2", "r1", "Second"), requested("r2", "m2"))
                    .when(fork("r2", TENANT, OWNER))
                    .expectNoEvents()
                    .expectException(withCode(ErrorCode.REPLY_IN_PROGRESS));
        }

        @Test
        void forkingFromAStreamingReplyIsRejected() {
            fixture.given(started(), posted("m1", null, "First"), requested("r1", "m1"), streaming("r1"))
                    .when(fork("r1", TENANT, OWNER))
                    .expectNoEvents()
                    .expectException(withCode(ErrorCode.REPLY_IN_PROGRESS));
        }

        @Test
        void forkingAnotherUsersConversationIsNotFound() {
            fixture.given(started()).andGiven(exchange("m1", null, "r1"))
                    .when(fork("r1", TENANT, OTHER_USER))
                    .expectNoEvents()
                    .expectException(withCode(ErrorCode.NOT_FOUND));
        }

        @Test
        void forkingAnotherTenantsConversationIsNotFound() {
            fixture.given(started()).andGiven(exchange("m1", null, "r1"))
                    .when(fork("r1", OTHER_TENANT, OWNER))
                    .expectNoEvents()
                    .expectException(withCode(ErrorCode.NOT_FOUND));
        }

        @Test
        void forkingADeletedConversationIsNotFound() {
            fixture.given(started()).andGiven(exchange("m1", null, "r1")).andGiven(new DialogueDeleted(CONVERSATION))
                    .when(fork("r1", TENANT, OWNER))
                    .expectNoEvents()
                    .expectException(withCode(ErrorCode.NOT_FOUND));
        }

        @Test
        void forkingFromAnUnknownMessageIsNotFound() {
            fixture.given(started()).andGiven(exchange("m1", null, "r1"))
                    .when(fork("no-such-message", TENANT, OWNER))
                    .expectNoEvents()
                    .expectException(withCode(ErrorCode.NOT_FOUND));
        }

        @Test
        void nextMessageInAForkGoesUnderItsLastCopiedEntry() {
            fixture.given(new DialogueForked(FORK, TENANT, OWNER, TITLE, MODEL, SYSTEM_PROMPT, CONVERSATION, "r1",
                            List.of(new TranscriptEntry("f1", null, "m1", "user", "First", "posted", null, CLOCK.instant()),
                                    new TranscriptEntry("f2", "f1", "r1", "assistant", "Answer", "completed", MODEL,
                                            CLOCK.instant()))))
                    .when(new PostMessage(FORK, TENANT, OWNER, "m2", "r2", "Go on", null, null,
                            InputScreening.NONE, List.of(MODEL)))
                    .expectEvents(new MessagePosted(FORK, "m2", "f2", "Go on", null, 0, List.of(), List.of()),
                            new ReplyRequested(FORK, "r2", "m2", MODEL));
        }

        private ForkFromMessage fork(String messageId, String tenant, String actor) {
            return new ForkFromMessage(FORK, CONVERSATION, messageId, tenant, actor);
        }
    }

    @Nested
    class SuccessfulForks {
        private Configuration axon;

        @BeforeEach
        void setUp() {
            axon = DefaultConfigurer.defaultConfiguration()
                    .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                    .configureAggregate(Conversation.class)
                    .registerComponent(QuotaGate.class, c -> request -> List.of())
                    .registerCommandHandler(c -> new ForkHandler(c.repository(Conversation.class), CLOCK))
                    .buildConfiguration();
            axon.start();
        }

        @AfterEach
        void tearDown() {
            axon.shutdown();
        }

        @Test
        void forkAnswersTheNewConversationsId() {
            givenSourceWithTwoExchanges();

            String forkId = send(new ForkFromMessage(FORK, CONVERSATION, "r2", TENANT, OWNER));

            assertThat(forkId).isEqualTo(FORK);
        }

        @Test
        void forkStartsWithExactlyThePathRootToTheMessage() {
            givenSourceWithTwoExchanges();
            givenExchange(CONVERSATION, "m3", "r1", "r3"); // a sibling branch of m2, now the active one

            send(new ForkFromMessage(FORK, CONVERSATION, "r2", TENANT, OWNER));

            assertThat(eventsOf(FORK)).hasSize(1);
            DialogueForked forked = birthOf(FORK);
            assertThat(forked.conversationId()).isEqualTo(FORK);
            assertThat(List.of(forked.tenantId(), forked.ownerId(), forked.title(), forked.model(),
                    forked.systemPrompt(), forked.sourceConversationId(), forked.sourceMessageId()))
                    .containsExactly(TENANT, OWNER, TITLE, MODEL, SYSTEM_PROMPT, CONVERSATION, "r2");
            assertThat(forked.transcript())
                    .extracting(TranscriptEntry::sourceMessageId, TranscriptEntry::role, TranscriptEntry::content)
                    .containsExactly(
                            tuple("m1", "user", "question m1"),
                            tuple("r1", "assistant", "answer r1"),
                            tuple("m2", "user", "question m2"),
                            tuple("r2", "assistant", "answer r2"));
            assertLinkedWithFreshIds(forked.transcript(), List.of("m1", "r1", "m2", "r2", "m3", "r3"));
        }

        @Test
        void forkFromAUserMessageEndsWithThatMessage() {
            givenSourceWithTwoExchanges();

            send(new ForkFromMessage(FORK, CONVERSATION, "m2", TENANT, OWNER));

            assertThat(birthOf(FORK).transcript())
                    .extracting(TranscriptEntry::sourceMessageId)
                    .containsExactly("m1", "r1", "m2");
        }

        @Test
        void forkingLeavesTheSourceUntouched() {
            givenSourceWithTwoExchanges();
            List<Object> before = eventsOf(CONVERSATION);

            send(new ForkFromMessage(FORK, CONVERSATION, "r2", TENANT, OWNER));

            assertThat(eventsOf(CONVERSATION)).isEqualTo(before);
        }

        @Test
        void forkOfAForkKeepsTheFullPath() {
            givenSourceWithTwoExchanges();
            send(new ForkFromMessage(FORK, CONVERSATION, "r2", TENANT, OWNER));
            givenExchange(FORK, "m3", null, "r3");

            send(new ForkFromMessage("fork-2", FORK, "r3", TENANT, OWNER));

            DialogueForked first = birthOf(FORK);
            DialogueForked second = birthOf("fork-2");
            List<String> idsInFirstFork = first.transcript().stream().map(TranscriptEntry::messageId).toList();
            assertThat(second.sourceConversationId()).isEqualTo(FORK);
            assertThat(second.transcript())
                    .extracting(TranscriptEntry::role, TranscriptEntry::content)
                    .containsExactly(
                            tuple("user", "question m1"),
                            tuple("assistant", "answer r1"),
                            tuple("user", "question m2"),
                            tuple("assistant", "answer r2"),
                            tuple("user", "question m3"),
                            tuple("assistant", "answer r3"));
            assertThat(second.transcript())
                    .extracting(TranscriptEntry::sourceMessageId)
                    .containsExactlyElementsOf(concat(idsInFirstFork, List.of("m3", "r3")));
            assertLinkedWithFreshIds(second.transcript(), concat(idsInFirstFork, List.of("m3", "r3")));
        }

        @Test
        void forkedPathIsTheContextOfTheForksNextReply() {
            givenSourceWithTwoExchanges();
            send(new ForkFromMessage(FORK, CONVERSATION, "r1", TENANT, OWNER));
            send(new PostMessage(FORK, TENANT, OWNER, "m3", "r3", "In the fork", null, null,
                    InputScreening.NONE, List.of(MODEL)));

            ReplyContext context = send(new StartReply(FORK, "r3", null));

            assertThat(context.systemPrompt()).isEqualTo(SYSTEM_PROMPT);
            assertThat(context.path())
                    .extracting(Turn::role, Turn::content)
                    .containsExactly(
                            tuple("user", "question m1"),
                            tuple("assistant", "answer r1"),
                            tuple("user", "In the fork"));
        }

        @Test
        void failedReplyOnTheForkedPathStaysOutOfTheForksContext() {
            send(new StartDialogue(CONVERSATION, TENANT, OWNER, TITLE, MODEL, SYSTEM_PROMPT));
            send(new PostMessage(CONVERSATION, TENANT, OWNER, "m1", "r1", "question m1", null, null,
                    InputScreening.NONE, List.of(MODEL)));
            send(new StartReply(CONVERSATION, "r1", null));
            send(new FailReply(CONVERSATION, "r1", ErrorCode.LLM_TIMEOUT.name(), "too slow", "half an ans", MODEL,
                    USAGE, List.of()));
            givenExchange(CONVERSATION, "m2", "r1", "r2");
            send(new ForkFromMessage(FORK, CONVERSATION, "r2", TENANT, OWNER));
            send(new PostMessage(FORK, TENANT, OWNER, "m3", "r3", "In the fork", null, null,
                    InputScreening.NONE, List.of(MODEL)));

            ReplyContext context = send(new StartReply(FORK, "r3", null));

            // In the source the failed r1 is left out of every context; its copy must be left out too.
            assertThat(context.path())
                    .extracting(Turn::content)
                    .containsExactly("question m1", "question m2", "answer r2", "In the fork");
        }

        private void givenSourceWithTwoExchanges() {
            send(new StartDialogue(CONVERSATION, TENANT, OWNER, TITLE, MODEL, SYSTEM_PROMPT));
            givenExchange(CONVERSATION, "m1", null, "r1");
            givenExchange(CONVERSATION, "m2", "r1", "r2");
        }

        private void givenExchange(String conversationId, String messageId, String parentId, String replyId) {
            send(new PostMessage(conversationId, TENANT, OWNER, messageId, replyId, "question " + messageId, parentId,
                    null, InputScreening.NONE, List.of(MODEL)));
            send(new StartReply(conversationId, replyId, null));
            send(new CompleteReply(conversationId, replyId, "answer " + replyId, MODEL, "stop", USAGE, 100, 800, List.of()));
        }

        private <R> R send(Object command) {
            return axon.commandGateway().sendAndWait(command);
        }

        private List<Object> eventsOf(String aggregateId) {
            return axon.eventStore().readEvents(aggregateId).asStream().<Object>map(Message::getPayload).toList();
        }

        /** The event a fork is born from: the first of its stream. */
        private DialogueForked birthOf(String forkId) {
            assertThat(eventsOf(forkId)).first().isInstanceOf(DialogueForked.class);
            return (DialogueForked) eventsOf(forkId).getFirst();
        }

        /** Each entry hangs under the one before it, by ids of the fork's own, none borrowed from the source. */
        private void assertLinkedWithFreshIds(List<TranscriptEntry> transcript, List<String> sourceIds) {
            List<String> ids = transcript.stream().map(TranscriptEntry::messageId).toList();
            assertThat(ids).doesNotHaveDuplicates().doesNotContainAnyElementsOf(sourceIds);
            assertThat(transcript.getFirst().parentMessageId()).isNull();
            IntStream.range(1, transcript.size()).forEach(i ->
                    assertThat(transcript.get(i).parentMessageId()).isEqualTo(ids.get(i - 1)));
            assertThat(transcript).allSatisfy(entry -> assertThat(entry.postedAt()).isNotNull());
        }

        private static List<String> concat(List<String> first, List<String> second) {
            return Stream.concat(first.stream(), second.stream()).toList();
        }
    }
}
