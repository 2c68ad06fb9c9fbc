package dev.colloquy.command.conversation;

import dev.colloquy.kernel.conversation.DialogueStarted;
import dev.colloquy.kernel.conversation.InputScreening;
import dev.colloquy.kernel.conversation.MessagePosted;
import dev.colloquy.kernel.conversation.PostMessage;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import dev.colloquy.kernel.reply.ReplyCancelled;
import dev.colloquy.kernel.reply.ReplyCompleted;
import dev.colloquy.kernel.reply.ReplyFailed;
import dev.colloquy.kernel.reply.ReplyRequested;
import dev.colloquy.kernel.reply.ReplyStarted;
import dev.colloquy.kernel.reply.TokenUsage;
import java.util.List;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Given-events and commands shared by the conversation tests; every helper speaks of {@link #CONVERSATION}. */
final class ConversationEvents {
    static final String CONVERSATION = "conversation-1";
    static final String TENANT = "acme";
    static final String OTHER_TENANT = "globex";
    static final String OWNER = "alice";
    static final String OTHER_USER = "bob";
    static final String TITLE = "Trip planning";
    static final String MODEL = "gpt-4o-mini";
    static final String SYSTEM_PROMPT = "You are a helpful travel agent.";
    static final TokenUsage USAGE = new TokenUsage(1000, 500);

    private ConversationEvents() {
    }

    static DialogueStarted started() {
        return new DialogueStarted(CONVERSATION, TENANT, OWNER, TITLE, MODEL, SYSTEM_PROMPT);
    }

    static MessagePosted posted(String messageId, String parentId, String content) {
        return new MessagePosted(CONVERSATION, messageId, parentId, content, null, 0, List.of(), List.of());
    }

    static ReplyRequested requested(String replyId, String promptId) {
        return new ReplyRequested(CONVERSATION, replyId, promptId, MODEL);
    }

    static ReplyStarted streaming(String replyId) {
        return new ReplyStarted(CONVERSATION, replyId, null);
    }

    static ReplyCompleted completed(String replyId, String content) {
        return new ReplyCompleted(CONVERSATION, replyId, content, MODEL, "stop", USAGE, 100, 800, List.of());
    }

    static ReplyFailed failed(String replyId, String partialContent) {
        return new ReplyFailed(CONVERSATION, replyId, ErrorCode.LLM_TIMEOUT.name(), "too slow", partialContent, MODEL,
                USAGE, List.of());
    }

    static ReplyCancelled cancelled(String replyId, String partialContent) {
        return new ReplyCancelled(CONVERSATION, replyId, partialContent, MODEL, USAGE, List.of());
    }

    /** A whole question and answer: "question {messageId}" answered by a completed "answer {replyId}". */
    static List<Object> exchange(String messageId, String parentId, String replyId) {
        return List.of(posted(messageId, parentId, "question " + messageId), requested(replyId, messageId),
                streaming(replyId), completed(replyId, "answer " + replyId));
    }

    /** The owner posts under the active leaf. */
    static PostMessage post(String messageId, String replyId, String content) {
        return new PostMessage(CONVERSATION, TENANT, OWNER, messageId, replyId, content, null, null,
                InputScreening.NONE, List.of(MODEL));
    }

    /** The owner posts under an explicit parent. */
    static PostMessage postUnder(String parentId, String messageId, String replyId, String content) {
        return new PostMessage(CONVERSATION, TENANT, OWNER, messageId, replyId, content, parentId, null,
                InputScreening.NONE, List.of(MODEL));
    }

    /** A {@link ColloquyException} carrying {@code code}. */
    static Matcher<ColloquyException> withCode(ErrorCode code) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(ColloquyException e) {
                return e.code() == code;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a ColloquyException with code " + code);
            }

            @Override
            protected void describeMismatchSafely(ColloquyException e, Description description) {
                description.appendText("code was " + e.code() + " (" + e.getMessage() + ")");
            }
        };
    }
}
