package dev.colloquy.query.audit;

import dev.colloquy.kernel.conversation.DialogueDeleted;
import dev.colloquy.kernel.conversation.DialogueForked;
import dev.colloquy.kernel.conversation.DialogueRenamed;
import dev.colloquy.kernel.conversation.DialogueRestored;
import dev.colloquy.kernel.conversation.DialogueStarted;
import dev.colloquy.kernel.conversation.KnowledgeChosen;
import dev.colloquy.kernel.conversation.MessagePosted;
import dev.colloquy.kernel.conversation.TranscriptEntry;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import dev.colloquy.kernel.query.ConversationTree;
import dev.colloquy.kernel.query.ForkOrigin;
import dev.colloquy.kernel.query.MessageView;
import dev.colloquy.kernel.reply.ReplyCancelled;
import dev.colloquy.kernel.reply.ReplyCompleted;
import dev.colloquy.kernel.reply.ReplyFailed;
import dev.colloquy.kernel.reply.ReplyRequested;
import dev.colloquy.kernel.reply.ReplyStarted;
import dev.colloquy.kernel.reply.SourcesCited;
import dev.colloquy.kernel.reply.TokenUsage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.SerializationException;

/**
 * A conversation folded from its events, by the rules {@code ConversationProjection} applies to the live read
 * model, so that the state after the newest event is exactly what {@code GET /api/v1/conversations/{id}} shows.
 * Events that do not change the tree (rejected messages, usage, anything added later) pass by.
 */
final class PastConversation {
    private String id;
    private String tenantId;
    private String ownerId;
    private String title;
    private String model;
    private String systemPrompt;
    private Instant createdAt;
    private Instant updatedAt;
    private String activeLeafId;
    private List<String> knowledgeBaseIds = List.of();
    private ForkOrigin forkedFrom;
    private boolean deleted;
    private final Map<String, MessageView> messages = new LinkedHashMap<>();

    /** A stored event that no longer deserializes cannot be folded: the history is damaged there (see verify). */
    private static Object payloadOf(DomainEventMessage<?> event) {
        try {
            return event.getPayload();
        } catch (SerializationException e) {
            throw new ColloquyException(ErrorCode.CONFLICT, "event " + event.getSequenceNumber()
                    + " of this conversation no longer reads: its stored form was damaged",
                    Map.of("sequence", event.getSequenceNumber()));
        }
    }

    private PastConversation() {
    }

    /** The conversation after the first {@code count} events; empty before it began. */
    static Optional<ConversationState> after(List<? extends DomainEventMessage<?>> events, int count) {
        PastConversation conversation = new PastConversation();
        for (DomainEventMessage<?> event : events.subList(0, count)) {
            conversation.apply(payloadOf(event), event.getTimestamp());
        }
        if (count == 0 || conversation.id == null) {
            return Optional.empty();
        }
        DomainEventMessage<?> last = events.get(count - 1);
        return Optional.of(new ConversationState(conversation.id, last.getSequenceNumber(), last.getTimestamp(),
                conversation.tenantId, conversation.ownerId, conversation.deleted, conversation.tree()));
    }

    private void apply(Object payload, Instant at) {
        switch (payload) {
            case DialogueStarted e -> {
                begin(e.conversationId(), e.tenantId(), e.ownerId(), e.title(), e.model(), e.systemPrompt(), at);
            }
            case DialogueForked e -> {
                begin(e.conversationId(), e.tenantId(), e.ownerId(), e.title(), e.model(), e.systemPrompt(), at);
                forkedFrom = new ForkOrigin(e.sourceConversationId(), e.sourceMessageId());
                for (TranscriptEntry m : e.transcript()) {
                    messages.put(m.messageId(), new MessageView(m.messageId(), m.parentMessageId(), m.role(),
                            m.content(), m.status(), asStored(m.postedAt()), m.model(), null, null, null));
                    activeLeafId = m.messageId();
                }
            }
            case MessagePosted e -> {
                messages.put(e.messageId(), new MessageView(e.messageId(), e.parentMessageId(), "user", e.content(),
                        "posted", at, null, null, null, null));
                touch(e.messageId(), at);
            }
            case ReplyRequested e -> {
                messages.put(e.replyId(), new MessageView(e.replyId(), e.promptMessageId(), "assistant", "",
                        "requested", at, e.model(), null, null, null));
                touch(e.replyId(), at);
            }
            case ReplyStarted e -> messages.computeIfPresent(e.replyId(), (replyId, m) -> new MessageView(m.id(),
                    m.parentId(), m.role(), m.content(), "streaming", m.createdAt(), m.model(), m.usage(),
                    m.errorCode(), m.citations()));
            case SourcesCited e -> messages.computeIfPresent(e.replyId(), (replyId, m) -> new MessageView(m.id(),
                    m.parentId(), m.role(), m.content(), m.status(), m.createdAt(), m.model(), m.usage(),
                    m.errorCode(), e.citations()));
            case KnowledgeChosen e -> knowledgeBaseIds = e.knowledgeBaseIds();
            case ReplyCompleted e -> end(e.replyId(), "completed", e.content(), e.model(), e.usage(), null, at);
            case ReplyFailed e ->
                    end(e.replyId(), "failed", e.partialContent(), e.model(), e.usage(), e.errorCode(), at);
            case ReplyCancelled e -> end(e.replyId(), "cancelled", e.partialContent(), e.model(), e.usage(), null, at);
            case DialogueRenamed e -> {
                title = e.title();
                updatedAt = at;
            }
            case DialogueDeleted e -> deleted = true;
            case DialogueRestored e -> deleted = false;
            default -> {
                // no change to the tree
            }
        }
    }

    private void begin(String conversationId, String tenant, String owner, String newTitle, String newModel,
                       String prompt, Instant at) {
        id = conversationId;
        tenantId = tenant;
        ownerId = owner;
        title = newTitle;
        model = newModel;
        systemPrompt = prompt;
        createdAt = at;
        updatedAt = at;
    }

    private void touch(String leafId, Instant at) {
        activeLeafId = leafId;
        updatedAt = at;
    }

    private void end(String replyId, String status, String content, String replyModel, TokenUsage usage,
                     String errorCode, Instant at) {
        messages.computeIfPresent(replyId, (id, m) -> new MessageView(m.id(), m.parentId(), m.role(),
                content == null ? "" : content, status, m.createdAt(), replyModel, usage, errorCode, m.citations()));
        updatedAt = at;
    }

    private ConversationTree tree() {
        return new ConversationTree(id, title, model, systemPrompt, createdAt, updatedAt, activeLeafId, forkedFrom,
                List.copyOf(messages.values()), knowledgeBaseIds);
    }

    /** The read model keeps microseconds (PostgreSQL rounds to them); a copied message's time comes from a payload. */
    private static Instant asStored(Instant instant) {
        return instant == null ? null : instant.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
    }
}
