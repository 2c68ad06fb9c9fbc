package dev.colloquy.command.reply;

/**
 * Where generated text goes while a reply streams. Deltas never become events; the terminal event of a
 * stream is derived from the stored reply events, not sent through here.
 */
public interface ReplyDeltaSink {
    void open(String replyId);

    void delta(String replyId, String text);
}
