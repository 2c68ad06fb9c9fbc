package dev.colloquy.command.model;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Counts tokens with the cl100k_base encoding, the one the reference guide sizes context windows with; used
 * where a provider reports no usage and for fitting the context window.
 */
public final class TokenCount {
    /** Per-message overhead of the chat format. */
    public static final int PER_MESSAGE = 4;
    public static final int PER_CONVERSATION = 2;

    private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    public int of(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }
}
