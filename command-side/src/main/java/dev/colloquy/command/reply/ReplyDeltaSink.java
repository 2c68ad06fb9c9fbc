package dev.colloquy.command.reply;

import java.util.Map;
import java.util.Optional;

/**
 * Where generated text goes while a reply streams. Deltas never become events; the terminal event of a
 * stream is derived from the stored reply events, not sent through here.
 */
public interface ReplyDeltaSink {
    void open(String replyId);

    void delta(String replyId, String text);

    /**
     * A named event the reply's subscribers get before its text, e.g. {@code quota} when the request that
     * asked for the reply passed a soft limit.
     */
    void notice(String replyId, String name, Map<String, Object> data);

    /**
     * What this node's subscribers were shown of a reply, when it streamed the reply to any: after its node died,
     * that can be more than the node's last checkpoint, and the stored reply keeps what they saw.
     */
    default Optional<String> shown(String replyId) {
        return Optional.empty();
    }
}
