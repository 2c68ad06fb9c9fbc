package dev.colloquy.command.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import dev.colloquy.kernel.reply.ReplyContext;
import dev.colloquy.kernel.reply.ReplyContext.Turn;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Windows are sized from the real cl100k_base counts of the texts, so the tests hold for any text. */
class ContextWindowTest {
    private static final int OUTPUT_RESERVE = 500;
    private static final String SYSTEM = "You are a concise assistant.";
    private static final String OLDEST = "hi";
    private static final String LONG = "Tell me everything you know about the history of the Roman Empire, from the"
            + " founding of Rome to the fall of Constantinople, with dates, emperors and battles.";
    private static final String ANSWER = "The Roman Empire lasted for well over a thousand years.";
    private static final String NEWEST = "Which emperor built the wall in Britain?";

    private final TokenCount tokens = new TokenCount();
    private final ContextWindow window = new ContextWindow(tokens);

    @Test
    void systemPromptComesFirstThenThePathOldestFirst() {
        ContextWindow.Fitted fitted = window.fit(context(SYSTEM, OLDEST, ANSWER, NEWEST), roomFor(10_000));

        assertThat(fitted.messages()).containsExactly(
                new ChatMessage("system", SYSTEM),
                new ChatMessage("user", OLDEST),
                new ChatMessage("assistant", ANSWER),
                new ChatMessage("user", NEWEST));
    }

    @Test
    void systemPromptIsKeptWhenTheHistoryIsTrimmed() {
        ContextWindow.Fitted fitted = window.fit(context(SYSTEM, OLDEST, ANSWER, NEWEST),
                roomFor(cost(SYSTEM) + cost(NEWEST)));

        assertThat(fitted.messages()).containsExactly(
                new ChatMessage("system", SYSTEM),
                new ChatMessage("user", NEWEST));
    }

    @Test
    void blankSystemPromptIsNotSent() {
        ContextWindow.Fitted fitted = window.fit(context("  ", NEWEST), roomFor(10_000));

        assertThat(fitted.messages()).containsExactly(new ChatMessage("user", NEWEST));
    }

    @Test
    void trimmingStopsAtTheFirstMessageThatDoesNotFit() {
        // Room for the newest message and the small oldest one, but not for the long one between them.
        ContextWindow.Fitted fitted = window.fit(context(null, OLDEST, LONG, NEWEST),
                roomFor(cost(NEWEST) + cost(OLDEST)));

        assertThat(fitted.messages()).containsExactly(new ChatMessage("user", NEWEST));
    }

    @Test
    void allMessagesFitWhenTheWindowHoldsTheirTokensPlusFourEachPlusTwo() {
        int exact = tokens.of(SYSTEM) + tokens.of(OLDEST) + tokens.of(ANSWER) + tokens.of(NEWEST)
                + 4 * TokenCount.PER_MESSAGE;
        ModelSpec spec = model(OUTPUT_RESERVE + exact + 2);

        ContextWindow.Fitted fitted = window.fit(context(SYSTEM, OLDEST, ANSWER, NEWEST), spec);

        assertThat(fitted.messages()).hasSize(4);
    }

    @Test
    void oneTokenLessDropsTheOldestMessage() {
        int exact = tokens.of(SYSTEM) + tokens.of(OLDEST) + tokens.of(ANSWER) + tokens.of(NEWEST)
                + 4 * TokenCount.PER_MESSAGE;
        ModelSpec spec = model(OUTPUT_RESERVE + exact + 2 - 1);

        ContextWindow.Fitted fitted = window.fit(context(SYSTEM, OLDEST, ANSWER, NEWEST), spec);

        assertThat(fitted.messages()).extracting(ChatMessage::content).containsExactly(SYSTEM, ANSWER, NEWEST);
    }

    @Test
    void justPostedMessageThatExactlyFitsIsKept() {
        ContextWindow.Fitted fitted = window.fit(context(null, OLDEST, NEWEST), roomFor(cost(NEWEST)));

        assertThat(fitted.messages()).containsExactly(new ChatMessage("user", NEWEST));
    }

    @Test
    void justPostedMessageLargerThanTheWindowIsContextTooLong() {
        ReplyContext context = context(null, OLDEST, LONG);
        ModelSpec spec = roomFor(cost(LONG) - 1);

        assertThatThrownBy(() -> window.fit(context, spec))
                .isInstanceOfSatisfying(ColloquyException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONTEXT_TOO_LONG));
    }

    @Test
    void systemPromptTakesItsShareOfTheWindowBeforeTheMessage() {
        ReplyContext context = context(SYSTEM, NEWEST);
        ModelSpec spec = roomFor(cost(SYSTEM) + cost(NEWEST) - 1);

        assertThatThrownBy(() -> window.fit(context, spec))
                .isInstanceOfSatisfying(ColloquyException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONTEXT_TOO_LONG));
    }

    @Test
    void promptTokenEstimateCountsFourPerMessageAndTwoPerConversation() {
        ContextWindow.Fitted fitted = window.fit(context(SYSTEM, OLDEST, NEWEST), roomFor(10_000));

        assertThat(fitted.promptTokens()).isEqualTo(cost(SYSTEM) + cost(OLDEST) + cost(NEWEST) + 2);
    }

    private int cost(String text) {
        return tokens.of(text) + TokenCount.PER_MESSAGE;
    }

    /** A model whose window minus output reserve and conversation overhead leaves exactly {@code promptTokens}. */
    private static ModelSpec roomFor(int promptTokens) {
        return model(OUTPUT_RESERVE + TokenCount.PER_CONVERSATION + promptTokens);
    }

    private static ModelSpec model(int contextWindow) {
        return new ModelSpec("test-model", "openai", "test-model-upstream", contextWindow, OUTPUT_RESERVE,
                new BigDecimal("0.10"), new BigDecimal("0.40"), List.of());
    }

    /** A path of alternating user and assistant turns, oldest first; the last one is the message just posted. */
    private static ReplyContext context(String systemPrompt, String... contents) {
        List<Turn> path = new ArrayList<>();
        for (int i = 0; i < contents.length; i++) {
            path.add(new Turn("message-" + i, i % 2 == contents.length % 2 ? "assistant" : "user", contents[i]));
        }
        return new ReplyContext("conversation-1", "reply-1", "test-model", systemPrompt, path);
    }
}
