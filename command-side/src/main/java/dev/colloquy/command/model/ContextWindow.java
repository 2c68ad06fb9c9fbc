package dev.colloquy.command.model;

import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import dev.colloquy.kernel.reply.ReplyContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Fits a reply's context into the model's window minus the output reserve: the system prompt first, then the
 * path newest-first until the first message that does not fit. The message just posted is always kept, and the
 * reply's sources, when it has any, go right before it (history, then retrieved context, then the message).
 */
public final class ContextWindow {
    private final TokenCount tokens;

    public ContextWindow(TokenCount tokens) {
        this.tokens = tokens;
    }

    public Fitted fit(ReplyContext context, ModelSpec spec) {
        return fit(context, spec, null);
    }

    /** {@code sources}: one message of retrieved passages, or null; it was sized to fit beside the message. */
    public Fitted fit(ReplyContext context, ModelSpec spec, String sources) {
        int budget = spec.contextWindow() - spec.outputReserve() - TokenCount.PER_CONVERSATION;
        List<ChatMessage> head = new ArrayList<>();
        int used = 0;
        if (context.systemPrompt() != null && !context.systemPrompt().isBlank()) {
            used += tokens.of(context.systemPrompt()) + TokenCount.PER_MESSAGE;
            head.add(new ChatMessage("system", context.systemPrompt()));
        }
        Deque<ChatMessage> kept = new ArrayDeque<>();
        List<ReplyContext.Turn> path = context.path();
        for (int i = path.size() - 1; i >= 0; i--) {
            ReplyContext.Turn turn = path.get(i);
            int cost = tokens.of(turn.content()) + TokenCount.PER_MESSAGE;
            if (used + cost > budget) {
                if (kept.isEmpty()) {
                    throw new ColloquyException(ErrorCode.CONTEXT_TOO_LONG,
                            "the message needs " + cost + " tokens but model " + spec.id() + " has room for "
                                    + Math.max(0, budget - used),
                            Map.of("model", spec.id(), "contextWindow", spec.contextWindow()));
                }
                break;
            }
            used += cost;
            kept.addFirst(new ChatMessage(turn.role(), turn.content()));
            if (i == path.size() - 1 && sources != null) {
                used += tokens.of(sources) + TokenCount.PER_MESSAGE;
                kept.addFirst(new ChatMessage("user", sources));
            }
        }
        head.addAll(kept);
        return new Fitted(head, used + TokenCount.PER_CONVERSATION);
    }

    /** The messages to send, oldest first, and their token count (the prompt usage estimate). */
    public record Fitted(List<ChatMessage> messages, int promptTokens) {
    }
}
