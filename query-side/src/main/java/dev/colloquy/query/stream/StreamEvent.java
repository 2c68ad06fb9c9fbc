package dev.colloquy.query.stream;

import dev.colloquy.kernel.query.ReplyView;
import dev.colloquy.kernel.reply.ReplyCancelled;
import dev.colloquy.kernel.reply.ReplyCompleted;
import dev.colloquy.kernel.reply.ReplyFailed;
import dev.colloquy.kernel.reply.TokenUsage;
import java.util.LinkedHashMap;
import java.util.Map;

/** The terminal SSE event of a reply stream: {@code completed}, {@code failed} or {@code cancelled}. */
public record StreamEvent(String name, Map<String, Object> data) {

    /** The reply's text as this event reports it: the content, or the partial content of an unfinished reply. */
    String text() {
        Object text = data.containsKey("content") ? data.get("content") : data.get("partialContent");
        return text == null ? "" : text.toString();
    }

    static StreamEvent of(ReplyCompleted e) {
        return completed(e.replyId(), e.content(), e.model(), e.finishReason(), e.usage());
    }

    static StreamEvent of(ReplyFailed e) {
        return failed(e.replyId(), e.errorCode(), e.message(), e.partialContent(), e.usage());
    }

    static StreamEvent of(ReplyCancelled e) {
        return cancelled(e.replyId(), e.partialContent(), e.usage());
    }

    /** For a reply that ended before this node kept (or after it dropped) its stream. */
    static StreamEvent of(ReplyView reply) {
        return switch (reply.status()) {
            case "completed" -> completed(reply.id(), reply.content(), reply.model(), reply.finishReason(),
                    reply.usage());
            case "failed" -> failed(reply.id(), reply.errorCode(), reply.errorMessage(), reply.content(),
                    reply.usage());
            case "cancelled" -> cancelled(reply.id(), reply.content(), reply.usage());
            default -> null;
        };
    }

    private static StreamEvent completed(String replyId, String content, String model, String finishReason,
                                         TokenUsage usage) {
        Map<String, Object> data = base(replyId, usage);
        data.put("content", content);
        data.put("model", model);
        data.put("finishReason", finishReason);
        return new StreamEvent("completed", data);
    }

    private static StreamEvent failed(String replyId, String code, String message, String partial, TokenUsage usage) {
        Map<String, Object> data = base(replyId, usage);
        data.put("code", code);
        data.put("message", message);
        data.put("partialContent", partial == null ? "" : partial);
        return new StreamEvent("failed", data);
    }

    private static StreamEvent cancelled(String replyId, String partial, TokenUsage usage) {
        Map<String, Object> data = base(replyId, usage);
        data.put("partialContent", partial == null ? "" : partial);
        return new StreamEvent("cancelled", data);
    }

    private static Map<String, Object> base(String replyId, TokenUsage usage) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("replyId", replyId);
        if (usage != null) {
            data.put("usage", Map.of("promptTokens", usage.promptTokens(), "completionTokens",
                    usage.completionTokens(), "estimated", usage.estimated()));
        }
        return data;
    }
}
