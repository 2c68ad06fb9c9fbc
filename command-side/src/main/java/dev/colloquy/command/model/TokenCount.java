package dev.colloquy.command.model;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.time.Duration;

/**
 * Counts tokens with the cl100k_base encoding, the one the reference guide sizes context windows with; used
 * where a provider reports no usage and for fitting the context window.
 */
public final class TokenCount {
    /** Per-message overhead of the chat format. */
    public static final int PER_MESSAGE = 4;
    public static final int PER_CONVERSATION = 2;

    /** Texts shorter than this are counted each time; caching them would cost about as much as counting. */
    private static final int CACHED_FROM_CHARS = 64;

    private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    /**
     * Every turn fits the whole path of its conversation into the window again, and the path's messages are
     * the same strings turn after turn (the aggregate holds them), so their counts are remembered; for a few
     * minutes only, because the keys are users' messages and an erasure must not leave them here for long.
     */
    private final Cache<String, Integer> counted = Caffeine.newBuilder()
            .maximumWeight(64L * 1024 * 1024)
            .weigher((String text, Integer count) -> text.length())
            .expireAfterAccess(Duration.ofMinutes(5))
            .build();

    public int of(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return text.length() < CACHED_FROM_CHARS ? encoding.countTokensOrdinary(text)
                : counted.get(text, encoding::countTokensOrdinary);
    }
}
