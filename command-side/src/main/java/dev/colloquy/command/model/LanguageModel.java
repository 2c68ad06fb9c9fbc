package dev.colloquy.command.model;

/**
 * The port to a language model provider. {@link #stream} returns at once; the completion arrives on the
 * listener. Adapters make a single attempt: retries are the caller's one policy.
 */
public interface LanguageModel {
    /** The provider name model catalogue entries refer to. */
    String provider();

    Call stream(CompletionRequest request, CompletionListener listener);

    /** A running completion; cancelling it stops the upstream call and ends the listener with no more calls. */
    interface Call {
        void cancel();
    }
}
