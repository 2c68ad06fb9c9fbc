package dev.colloquy.projections.abuse;

import dev.colloquy.kernel.ContentDigest;
import dev.colloquy.kernel.privacy.PersonalData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the score is computed from, per user, bounded: the times (epoch milliseconds, oldest first), digests and
 * conversations of the last {@link #MESSAGES} messages, and the times of the last {@link #OTHERS} injection hits,
 * refusals and failed sign-ins. Older evidence is dropped; every signal only looks back an hour or a day anyway.
 */
public record Evidence(List<Long> messageTimes, List<String> messageDigests, List<String> messageConversations,
                       List<Long> injectionTimes, List<Long> refusalTimes, List<Long> loginFailureTimes) {
    public static final int MESSAGES = 50;
    public static final int OTHERS = 20;
    /** The digest of a message whose text was erased: it matches nothing, not even another erased one. */
    public static final String FORGOTTEN = "";
    public static final Evidence NONE = new Evidence(List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of());

    public Evidence {
        messageTimes = List.copyOf(messageTimes);
        messageDigests = List.copyOf(messageDigests);
        messageConversations = List.copyOf(messageConversations);
        injectionTimes = List.copyOf(injectionTimes);
        refusalTimes = List.copyOf(refusalTimes);
        loginFailureTimes = List.copyOf(loginFailureTimes);
        if (messageTimes.size() != messageDigests.size() || messageTimes.size() != messageConversations.size()) {
            throw new IllegalArgumentException("a digest and a conversation for every message time");
        }
    }

    public Evidence withMessage(long at, String digest, String conversationId) {
        return new Evidence(appended(messageTimes, at, MESSAGES), appended(messageDigests, digest, MESSAGES),
                appended(messageConversations, conversationId, MESSAGES), injectionTimes, refusalTimes,
                loginFailureTimes);
    }

    /**
     * An erased conversation's messages keep their times but lose their digests: exactly what a rebuild reads
     * from their events once the key is gone, so a rebuilt read model equals the live one.
     */
    public Evidence withConversationForgotten(String conversationId) {
        List<String> digests = new ArrayList<>(messageDigests);
        for (int i = 0; i < digests.size(); i++) {
            if (conversationId.equals(messageConversations.get(i))) {
                digests.set(i, FORGOTTEN);
            }
        }
        return new Evidence(messageTimes, digests, messageConversations, injectionTimes, refusalTimes,
                loginFailureTimes);
    }

    public Evidence withInjection(long at) {
        return new Evidence(messageTimes, messageDigests, messageConversations, appended(injectionTimes, at, OTHERS),
                refusalTimes, loginFailureTimes);
    }

    public Evidence withRefusal(long at) {
        return new Evidence(messageTimes, messageDigests, messageConversations, injectionTimes,
                appended(refusalTimes, at, OTHERS), loginFailureTimes);
    }

    public Evidence withLoginFailure(long at) {
        return new Evidence(messageTimes, messageDigests, messageConversations, injectionTimes, refusalTimes,
                appended(loginFailureTimes, at, OTHERS));
    }

    /**
     * How messages are recognised as "the same" without keeping them: case and runs of white space do not
     * count, and only 64 bits of the SHA-256 are kept: enough to match repeats, but a guessed short text can be
     * confirmed, which is why erasure forgets them.
     */
    public static String digest(String content) {
        if (PersonalData.ERASED.equals(content)) {
            return FORGOTTEN;
        }
        String normalised = content == null ? "" : content.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        return ContentDigest.sha256(normalised).substring(0, 16);
    }

    private static <T> List<T> appended(List<T> list, T item, int max) {
        List<T> result = new ArrayList<>(list.subList(Math.max(0, list.size() + 1 - max), list.size()));
        result.add(item);
        return result;
    }
}
