package dev.colloquy.command.reply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.colloquy.command.model.ModelCatalogue;
import dev.colloquy.command.model.ModelSpec;
import dev.colloquy.kernel.error.ErrorCode;
import dev.colloquy.kernel.reply.FailReply;
import dev.colloquy.kernel.reply.ReplyCancelled;
import dev.colloquy.kernel.reply.ReplyCompleted;
import dev.colloquy.kernel.reply.ReplyFailed;
import dev.colloquy.kernel.reply.ReplyRequested;
import dev.colloquy.kernel.reply.TokenUsage;
import dev.colloquy.kernel.usage.RecordUsage;
import dev.colloquy.kernel.usage.UsageRecorded;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplySagaTest {
    private static final String CONVERSATION = "conversation-1";
    private static final String REPLY = "reply-1";
    private static final String MODEL = "gpt-4o-mini";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    /** $0.10 per million prompt tokens, $0.40 per million completion tokens. */
    private static final ModelSpec PRICED = new ModelSpec(MODEL, "openai", "gpt-4o-mini-2024-07-18", 128_000, 4_000,
            new BigDecimal("0.10"), new BigDecimal("0.40"), List.of());
    private static final TokenUsage USAGE = new TokenUsage(1000, 500);
    /** 1000 × 0.10 / 1M + 500 × 0.40 / 1M. */
    private static final BigDecimal COST = new BigDecimal("0.000300");

    private SagaTestFixture<ReplySaga> fixture;
    private RecordingReplyGenerator generator;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(ReplySaga.class);
        generator = new RecordingReplyGenerator();
        fixture.registerResource(generator);
        fixture.registerResource(new ModelCatalogue(List.of(PRICED)));
        fixture.registerResource(new ReplySaga.ReplyTimeout(TIMEOUT));
        // Sent at once here: the fixture's unit of work commits before the expectations are checked.
        fixture.registerResource(new ReplyCharges(
                DefaultCommandGateway.builder().commandBus(fixture.getCommandBus()).build(), Runnable::run));
        // CommandGateway and DeadlineManager are resources the fixture registers itself (a gateway on its
        // recording command bus, on which sendAndWait answers null, and a stub deadline manager).
    }

    @Test
    void replyRequestStartsASagaForThatReply() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(requested())
                .expectActiveSagas(1)
                .expectAssociationWith("replyId", REPLY)
                .expectNoDispatchedCommands();
    }

    @Test
    void replyRequestBeginsTheGenerationOnceWithTheEventsMetadata() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(requested(), Map.of("traceId", "trace-1"));

        assertThat(generator.begun).containsExactly(requested());
        assertThat(generator.origins).singleElement()
                .satisfies(origin -> assertThat(origin.get("traceId")).isEqualTo("trace-1"));
    }

    @Test
    void replyRequestSchedulesTheReplyDeadline() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(requested())
                .expectScheduledDeadlineWithName(TIMEOUT, ReplySaga.DEADLINE);
    }

    @Test
    void completedReplyIsChargedAtTheCataloguePrice() {
        fixture.givenAPublished(requested())
                .whenPublishingA(new ReplyCompleted(CONVERSATION, REPLY, "Hi!", MODEL, "stop", USAGE, 100, 800, List.of()))
                .expectDispatchedCommands(new RecordUsage(CONVERSATION, REPLY, MODEL, 1000, 500, COST, false));
    }

    @Test
    void completedReplyCancelsTheDeadlineAndWaitsForItsCharge() {
        fixture.givenAPublished(requested())
                .whenPublishingA(new ReplyCompleted(CONVERSATION, REPLY, "Hi!", MODEL, "stop", USAGE, 100, 800, List.of()))
                .expectScheduledDeadlineWithName(ReplySaga.CHARGE_RETRY, ReplySaga.CHARGE_DEADLINE)
                .expectNoScheduledDeadlineWithName(TIMEOUT, ReplySaga.DEADLINE)
                .expectActiveSagas(1);

        assertThat(generator.ended).containsExactly(REPLY);
    }

    @Test
    void failedReplyIsChargedForWhatItUsed() {
        fixture.givenAPublished(requested())
                .whenPublishingA(new ReplyFailed(CONVERSATION, REPLY, "LLM_UNAVAILABLE", "down", "Hi", MODEL, USAGE, List.of()))
                .expectDispatchedCommands(new RecordUsage(CONVERSATION, REPLY, MODEL, 1000, 500, COST, false));
    }

    @Test
    void failedReplyCancelsTheDeadlineAndWaitsForItsCharge() {
        fixture.givenAPublished(requested())
                .whenPublishingA(new ReplyFailed(CONVERSATION, REPLY, "LLM_UNAVAILABLE", "down", "Hi", MODEL, USAGE, List.of()))
                .expectScheduledDeadlineWithName(ReplySaga.CHARGE_RETRY, ReplySaga.CHARGE_DEADLINE)
                .expectNoScheduledDeadlineWithName(TIMEOUT, ReplySaga.DEADLINE)
                .expectActiveSagas(1);

        assertThat(generator.ended).containsExactly(REPLY);
    }

    @Test
    void cancelledReplyIsChargedForWhatItUsed() {
        fixture.givenAPublished(requested())
                .whenPublishingA(new ReplyCancelled(CONVERSATION, REPLY, "Hi", MODEL, USAGE, List.of()))
                .expectDispatchedCommands(new RecordUsage(CONVERSATION, REPLY, MODEL, 1000, 500, COST, false));
    }

    @Test
    void cancelledReplyCancelsTheDeadlineAndWaitsForItsCharge() {
        fixture.givenAPublished(requested())
                .whenPublishingA(new ReplyCancelled(CONVERSATION, REPLY, "Hi", MODEL, USAGE, List.of()))
                .expectScheduledDeadlineWithName(ReplySaga.CHARGE_RETRY, ReplySaga.CHARGE_DEADLINE)
                .expectNoScheduledDeadlineWithName(TIMEOUT, ReplySaga.DEADLINE)
                .expectActiveSagas(1);

        assertThat(generator.ended).containsExactly(REPLY);
    }

    @Test
    void endingWithoutAModelIsChargedToTheRequestedModel() {
        fixture.givenAPublished(requested())
                .whenPublishingA(new ReplyCancelled(CONVERSATION, REPLY, "", null, USAGE, List.of()))
                .expectDispatchedCommands(new RecordUsage(CONVERSATION, REPLY, MODEL, 1000, 500, COST, false));
    }

    @Test
    void endingWithoutUsageIsChargedNoTokens() {
        fixture.givenAPublished(requested())
                .whenPublishingA(new ReplyCancelled(CONVERSATION, REPLY, "", MODEL, null, List.of()))
                .expectDispatchedCommands(new RecordUsage(CONVERSATION, REPLY, MODEL, 0, 0,
                        new BigDecimal("0.000000"), false));
    }

    /** Tokens counted here because the upstream reported none are charged and recorded as estimated. */
    @Test
    void estimatedUsageIsRecordedAsEstimated() {
        fixture.givenAPublished(requested())
                .whenPublishingA(new ReplyCancelled(CONVERSATION, REPLY, "Hi", MODEL, TokenUsage.estimated(1000, 500),
                        List.of()))
                .expectDispatchedCommands(new RecordUsage(CONVERSATION, REPLY, MODEL, 1000, 500, COST, true));
    }

    @Test
    void modelMissingFromTheCatalogueIsRecordedWithoutAPrice() {
        fixture.givenAPublished(requested())
                .whenPublishingA(new ReplyCompleted(CONVERSATION, REPLY, "Hi!", "mystery-model", "stop", USAGE,
                        100, 800, List.of()))
                .expectDispatchedCommands(new RecordUsage(CONVERSATION, REPLY, "mystery-model", 1000, 500, null,
                        false));
    }

    @Test
    void theChargesEventEndsTheSaga() {
        fixture.givenAPublished(requested())
                .andThenAPublished(completed())
                .whenPublishingA(usageRecorded())
                .expectNoScheduledDeadlines()
                .expectActiveSagas(0);
    }

    /** The node that sent the charge died before it was stored: the saga sends it again, and is done. */
    @Test
    void aChargeWhoseEventNeverCameIsSentAgain() {
        fixture.givenAPublished(requested())
                .andThenAPublished(completed())
                .whenTimeElapses(ReplySaga.CHARGE_RETRY)
                .expectTriggeredDeadlinesWithName(ReplySaga.CHARGE_DEADLINE)
                .expectDispatchedCommands(new RecordUsage(CONVERSATION, REPLY, MODEL, 1000, 500, COST, false))
                .expectActiveSagas(0);
    }

    @Test
    void aChargeThatCameInTimeIsNeverSentAgain() {
        fixture.givenAPublished(requested())
                .andThenAPublished(completed())
                .andThenAPublished(usageRecorded())
                .whenTimeElapses(ReplySaga.CHARGE_RETRY)
                .expectNoDispatchedCommands();
    }

    private static ReplyCompleted completed() {
        return new ReplyCompleted(CONVERSATION, REPLY, "Hi!", MODEL, "stop", USAGE, 100, 800, List.of());
    }

    private static UsageRecorded usageRecorded() {
        return new UsageRecorded(CONVERSATION, REPLY, "tenant-1", "user-1", MODEL, 1000, 500, COST, false);
    }

    @Test
    void endingOfAnotherReplyLeavesTheSagaAlone() {
        fixture.givenAPublished(requested())
                .whenPublishingA(new ReplyCompleted(CONVERSATION, "reply-2", "Hi!", MODEL, "stop", USAGE, 100, 800, List.of()))
                .expectNoDispatchedCommands()
                .expectActiveSagas(1)
                .expectScheduledDeadlineWithName(TIMEOUT, ReplySaga.DEADLINE);

        assertThat(generator.ended).isEmpty();
    }

    @Test
    void replyThatDoesNotEndInTimeIsFailedWithWhatItProduced() {
        generator.partial = new PartialReply("Once upon a", MODEL, new TokenUsage(1000, 3), List.of());

        fixture.givenAPublished(requested())
                .whenTimeElapses(TIMEOUT)
                .expectTriggeredDeadlinesWithName(ReplySaga.DEADLINE)
                .expectDispatchedCommands(new FailReply(CONVERSATION, REPLY, ErrorCode.LLM_TIMEOUT.name(),
                        "the reply did not finish in time", "Once upon a", MODEL, new TokenUsage(1000, 3), List.of()));

        assertThat(generator.stopped).containsExactly(REPLY);
    }

    @Test
    void timedOutReplyNotGeneratingOnThisNodeIsFailedEmpty() {
        generator.partial = null;

        fixture.givenAPublished(requested())
                .whenTimeElapses(TIMEOUT)
                .expectDispatchedCommands(new FailReply(CONVERSATION, REPLY, ErrorCode.LLM_TIMEOUT.name(),
                        "the reply did not finish in time", "", MODEL, TokenUsage.NONE, List.of()));
    }

    @Test
    void timedOutReplyKeepsItsSagaUntilTheFailureIsStored() {
        fixture.givenAPublished(requested())
                .whenTimeElapses(TIMEOUT)
                .expectTriggeredDeadlinesWithName(ReplySaga.DEADLINE)
                .expectActiveSagas(1);

        assertThat(generator.ended).isEmpty();
    }

    @Test
    void replyThatEndedInTimeIsNeverFailedByTheDeadline() {
        fixture.givenAPublished(requested())
                .andThenAPublished(completed())
                .andThenAPublished(usageRecorded())
                .whenTimeElapses(TIMEOUT)
                .expectNoDispatchedCommands();

        assertThat(generator.stopped).isEmpty();
    }

    private static ReplyRequested requested() {
        return new ReplyRequested(CONVERSATION, REPLY, "message-1", MODEL);
    }

    /** Records what the saga asks of the generator; {@link #partial} is what a stop answers (null: nothing runs). */
    static final class RecordingReplyGenerator implements ReplyGenerator {
        final List<ReplyRequested> begun = new ArrayList<>();
        final List<MetaData> origins = new ArrayList<>();
        final List<String> stopped = new ArrayList<>();
        final List<String> ended = new ArrayList<>();
        PartialReply partial = new PartialReply("", MODEL, TokenUsage.NONE, List.of());

        @Override
        public void begin(ReplyRequested requested, MetaData origin) {
            begun.add(requested);
            origins.add(origin);
        }

        @Override
        public Optional<PartialReply> stop(String replyId) {
            stopped.add(replyId);
            return Optional.ofNullable(partial);
        }

        @Override
        public void ended(String replyId) {
            ended.add(replyId);
        }
    }
}
