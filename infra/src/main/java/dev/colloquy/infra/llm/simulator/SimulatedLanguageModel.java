package dev.colloquy.infra.llm.simulator;

import dev.colloquy.command.model.ChatMessage;
import dev.colloquy.command.model.CompletionListener;
import dev.colloquy.command.model.CompletionRequest;
import dev.colloquy.command.model.LanguageModel;
import dev.colloquy.command.model.TokenCount;
import dev.colloquy.infra.ColloquyProperties;
import dev.colloquy.kernel.reply.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in language model, so Colloquy runs with no provider at all. Its text is deterministic (derived from
 * the prompt), clearly labelled as simulated, paced by a configurable time to first token and token rate, and
 * it reports usage like a real provider.
 */
public class SimulatedLanguageModel implements LanguageModel {
    public static final String PROVIDER = "simulator";
    static final String LABEL = "[simulated]";
    private static final String[] WORDS = ("the a conversation branch reply token stream event model answer "
            + "question context history fork tree message detail example result idea point note step value "
            + "simple clear short long first next last good useful careful exact").split(" ");

    private final Duration timeToFirstToken;
    private final Duration interval;
    private static final Pattern SOURCE = Pattern.compile("<source n=\"(\\d{1,3})\"");
    private final int replyTokens;
    private final TokenCount tokens;

    public SimulatedLanguageModel(ColloquyProperties.Simulator settings, TokenCount tokens) {
        this.timeToFirstToken = settings.timeToFirstToken();
        this.interval = settings.tokensPerSecond() <= 0 ? Duration.ZERO
                : Duration.ofNanos((long) (1_000_000_000L / settings.tokensPerSecond()));
        this.replyTokens = settings.replyTokens();
        this.tokens = tokens;
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public Call stream(CompletionRequest request, CompletionListener listener) {
        List<String> pieces = reply(request);
        Thread worker = Thread.ofVirtual().name("simulated-model").start(() -> emit(request, pieces, listener));
        return worker::interrupt;
    }

    /**
     * The same prompt always gives the same reply. A prompt holding numbered sources is answered citing each of
     * them, so that the path from retrieval to footnotes can be followed without a provider.
     */
    static List<String> reply(CompletionRequest request, int count) {
        String lastUser = "";
        long seed = 17;
        int sources = 0;
        for (ChatMessage message : request.messages()) {
            seed = seed * 31 + message.role().hashCode() * 7L + message.content().hashCode();
            if ("user".equals(message.role())) {
                lastUser = message.content();
            }
            for (Matcher source = SOURCE.matcher(message.content()); source.find(); ) {
                sources = Math.max(sources, Integer.parseInt(source.group(1)));
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<String> pieces = new ArrayList<>(count + 8);
        pieces.add(LABEL);
        pieces.add(" Reply to \"" + abbreviate(lastUser) + "\" with " + request.messages().size()
                + " messages in context:");
        for (int i = 0; i < count; i++) {
            pieces.add(" " + WORDS[random.nextInt(WORDS.length)]);
        }
        for (int n = 1; n <= sources; n++) {
            pieces.add(" [" + n + "]");
        }
        pieces.add(".");
        return pieces;
    }

    private List<String> reply(CompletionRequest request) {
        return reply(request, replyTokens);
    }

    private void emit(CompletionRequest request, List<String> pieces, CompletionListener listener) {
        try {
            pause(timeToFirstToken);
            StringBuilder text = new StringBuilder();
            String finishReason = "stop";
            int written = 0;
            for (String piece : pieces) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                // Like a real model, it stops at the request's output limit, which quota reservations rely on.
                written += tokens.of(piece);
                if (written > request.maxOutputTokens()) {
                    finishReason = "length";
                    break;
                }
                listener.onDelta(piece);
                text.append(piece);
                pause(interval);
            }
            int prompt = 0;
            for (ChatMessage message : request.messages()) {
                prompt += tokens.of(message.content()) + TokenCount.PER_MESSAGE;
            }
            listener.onComplete(finishReason, new TokenUsage(prompt + TokenCount.PER_CONVERSATION, tokens.of(text.toString())));
        } catch (InterruptedException e) {
            // cancelled: no more calls to the listener
        }
    }

    private static void pause(Duration duration) throws InterruptedException {
        if (!duration.isZero()) {
            Thread.sleep(duration);
        } else if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }
}
