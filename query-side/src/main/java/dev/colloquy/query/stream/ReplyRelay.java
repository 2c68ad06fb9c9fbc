package dev.colloquy.query.stream;

import java.util.Map;

/**
 * How a reply's stream reaches subscribers on other nodes. The node generating a reply relays its deltas only
 * once another node watches it (and from where that node's subscriber stands), then every one it publishes; the
 * node that stores the reply's ending announces it to whoever watches.
 */
public interface ReplyRelay {
    /** Asks the node generating {@code replyId} for its deltas after {@code after}, and for the next ones. */
    void watch(String replyId, long after);

    /** This node generates the reply from now on: nodes already watching it ask again. */
    void generating(String replyId);

    /** This node has no subscriber of the reply any more. */
    void unwatch(String replyId);

    /** A notice (such as {@code citations}) of a reply another node watches; it comes before the deltas. */
    void notice(String replyId, String name, Map<String, Object> data);

    /** A delta this node published for a reply another node watches. */
    void delta(String replyId, long seq, String text);

    /** The reply's stored ending; {@code lastSeq} is the last delta its generating node published. */
    void ended(String replyId, String name, Map<String, Object> data, long lastSeq);

    /** One node alone: nothing to relay. */
    ReplyRelay NONE = new ReplyRelay() {
        @Override
        public void watch(String replyId, long after) {
        }

        @Override
        public void generating(String replyId) {
        }

        @Override
        public void unwatch(String replyId) {
        }

        @Override
        public void notice(String replyId, String name, Map<String, Object> data) {
        }

        @Override
        public void delta(String replyId, long seq, String text) {
        }

        @Override
        public void ended(String replyId, String name, Map<String, Object> data, long lastSeq) {
        }
    };
}
