package dev.colloquy.command.conversation;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.colloquy.command.quota.QuotaGate;
import dev.colloquy.kernel.conversation.ChooseKnowledge;
import dev.colloquy.kernel.conversation.DeleteDialogue;
import dev.colloquy.kernel.conversation.DialogueDeleted;
import dev.colloquy.kernel.conversation.DialogueForked;
import dev.colloquy.kernel.conversation.DialogueRenamed;
import dev.colloquy.kernel.conversation.DialogueRestored;
import dev.colloquy.kernel.conversation.DialogueStarted;
import dev.colloquy.kernel.conversation.InputScreening;
import dev.colloquy.kernel.conversation.KnowledgeChosen;
import dev.colloquy.kernel.conversation.MessageAccepted;
import dev.colloquy.kernel.conversation.MessagePosted;
import dev.colloquy.kernel.conversation.MessageRejected;
import dev.colloquy.kernel.conversation.PostMessage;
import dev.colloquy.kernel.conversation.RecordRejectedMessage;
import dev.colloquy.kernel.conversation.RenameDialogue;
import dev.colloquy.kernel.conversation.RestoreDialogue;
import dev.colloquy.kernel.conversation.StartDialogue;
import dev.colloquy.kernel.conversation.TranscriptEntry;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import dev.colloquy.kernel.privacy.ConversationErased;
import dev.colloquy.kernel.privacy.EraseConversation;
import dev.colloquy.kernel.reply.CancelReply;
import dev.colloquy.kernel.reply.CiteSources;
import dev.colloquy.kernel.reply.CompleteReply;
import dev.colloquy.kernel.reply.FailReply;
import dev.colloquy.kernel.reply.ReplyCancelled;
import dev.colloquy.kernel.reply.ReplyCompleted;
import dev.colloquy.kernel.reply.ReplyContext;
import dev.colloquy.kernel.reply.ReplyFailed;
import dev.colloquy.kernel.reply.ReplyRequested;
import dev.colloquy.kernel.reply.ReplyPrice;
import dev.colloquy.kernel.reply.ReplyStarted;
import dev.colloquy.kernel.reply.SourcesCited;
import dev.colloquy.kernel.reply.StartReply;
import dev.colloquy.kernel.quota.QuotaWarning;
import dev.colloquy.kernel.usage.RecordUsage;
import dev.colloquy.kernel.usage.UsageRecorded;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A conversation: a tree of user messages and assistant replies, owned by one user of one tenant. Every rule
 * about who may change it, where a message may be posted and how a reply ends is decided here.
 */
@Aggregate(cache = "conversationCache")
public class Conversation {
    static final String USER = "user";
    static final String ASSISTANT = "assistant";

    @AggregateIdentifier
    private String id;
    private String tenantId;
    private String ownerId;
    private String model;
    private String systemPrompt;
    private String title;
    private List<String> knowledgeBaseIds = List.of();
    private boolean deleted;
    private boolean erased;
    /**
     * When the conversation was last active, for retention: the newest start, fork, message, reply (requested or
     * ended) or rename, the same events the read model's {@code updated_at} counts, so the job's candidates and
     * this check agree whenever the read model is current.
     */
    private Instant lastActivity = Instant.MIN;
    private String activeLeafId;
    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, MessageAccepted> acceptedByClientId = new HashMap<>();
    private final Set<String> chargedReplies = new HashSet<>();

    protected Conversation() {
        // Axon rebuilds the aggregate from its events.
    }

    @CommandHandler
    public Conversation(StartDialogue command) {
        apply(new DialogueStarted(command.conversationId(), command.tenantId(), command.ownerId(),
                command.title(), command.model(), command.systemPrompt()));
        if (!command.knowledgeBaseIds().isEmpty()) {
            apply(new KnowledgeChosen(command.conversationId(), command.knowledgeBaseIds()));
        }
    }

    /** Used by {@link ForkHandler}: a fork is born from its transcript, not from a command of its own. */
    Conversation(DialogueForked forked, List<String> knowledge) {
        apply(forked);
        if (!knowledge.isEmpty()) {
            apply(new KnowledgeChosen(forked.conversationId(), knowledge));
        }
    }

    @CommandHandler
    public MessageAccepted handle(PostMessage command, QuotaGate quota) {
        requireOwner(command.tenantId(), command.actorId());
        if (command.clientMessageId() != null && acceptedByClientId.containsKey(command.clientMessageId())) {
            return acceptedByClientId.get(command.clientMessageId());
        }
        if (command.content() == null || command.content().isBlank()) {
            throw new ColloquyException(ErrorCode.VALIDATION_ERROR, "content must not be empty");
        }
        if (!command.allowedModels().contains(model)) {
            throw new ColloquyException(ErrorCode.MODEL_NOT_ALLOWED, "your plan does not include model " + model,
                    Map.of("model", model));
        }
        String parentId = PostMessage.ROOT.equals(command.parentMessageId()) ? null
                : command.parentMessageId() != null ? command.parentMessageId() : activeLeafId;
        if (parentId != null) {
            Node parent = nodes.get(parentId);
            if (parent == null) {
                throw ColloquyException.invalid("parentMessageId",
                        "parentMessageId is not a message of this conversation");
            }
            if (!ASSISTANT.equals(parent.role)) {
                // Two user messages in a row would leave a reply without a place in the tree.
                throw ColloquyException.invalid("parentMessageId", "parentMessageId must name an assistant reply");
            }
            if (parent.inFlight()) {
                throw new ColloquyException(ErrorCode.REPLY_IN_PROGRESS,
                        "the reply to this message is still being generated; cancel it or wait for it to finish",
                        Map.of("replyId", parentId));
            }
        }
        List<ReplyContext.Turn> context = new ArrayList<>(parentId == null ? List.of() : pathTo(parentId));
        context.add(new ReplyContext.Turn(command.messageId(), USER, command.content()));
        List<QuotaWarning> warnings = quota.reserve(new QuotaGate.Request(tenantId, ownerId, command.replyId(), model,
                new ReplyContext(id, command.replyId(), model, systemPrompt, context), command.quota(),
                command.tenantBudget(), command.maxConcurrentReplies()));
        InputScreening screening = command.screening();
        apply(new MessagePosted(id, command.messageId(), parentId, command.content(), command.clientMessageId(),
                screening.injectionScore(), screening.injectionCategories(), screening.stripped()));
        apply(new ReplyRequested(id, command.replyId(), command.messageId(), model));
        return new MessageAccepted(id, command.messageId(), command.replyId(), AggregateLifecycle.getVersion(),
                warnings);
    }

    @CommandHandler
    public void handle(RecordRejectedMessage command) {
        requireOwner(command.tenantId(), command.actorId());
        apply(new MessageRejected(id, "injection_blocked", command.contentSha256(), command.contentLength(),
                command.injectionScore(), command.injectionCategories()));
    }

    @CommandHandler
    public ReplyContext handle(StartReply command) {
        Node reply = replyNode(command.replyId());
        if (reply.status != Status.REQUESTED) {
            throw new ColloquyException(ErrorCode.CONFLICT, "reply " + command.replyId() + " is " + reply.status.label());
        }
        apply(new ReplyStarted(id, command.replyId(), command.price()));
        return new ReplyContext(id, command.replyId(), model, systemPrompt, pathTo(reply.parentId), knowledgeBaseIds);
    }

    /** Once per reply, while it is being generated: what its prompt is given is settled before the model runs. */
    @CommandHandler
    public void handle(CiteSources command) {
        Node reply = replyNode(command.replyId());
        if (reply.status != Status.STREAMING) {
            throw new ColloquyException(ErrorCode.CONFLICT, "reply " + command.replyId() + " is " + reply.status.label());
        }
        if (!reply.cited) {
            apply(new SourcesCited(id, command.replyId(), command.citations(), command.withheld(),
                    command.knowledgeBaseIds(), command.embeddingModel(), command.embeddingTokens(),
                    command.embeddingCostUsd()));
        }
    }

    @CommandHandler
    public void handle(CompleteReply command) {
        if (replyNode(command.replyId()).inFlight()) {
            apply(new ReplyCompleted(id, command.replyId(), command.content(), command.model(), command.finishReason(),
                    command.usage(), command.timeToFirstTokenMillis(), command.latencyMillis(),
                    command.redactedPii()));
        }
        // A reply that already ended (the deadline or a cancel won the race) keeps its first ending.
    }

    @CommandHandler
    public void handle(FailReply command) {
        if (replyNode(command.replyId()).inFlight()) {
            apply(new ReplyFailed(id, command.replyId(), command.errorCode(), command.message(),
                    command.partialContent(), command.model(), command.usage(), command.redactedPii()));
        }
    }

    @CommandHandler
    public void handle(CancelReply command) {
        requireOwner(command.tenantId(), command.actorId());
        Node reply = replyNode(command.replyId());
        if (!reply.inFlight()) {
            throw new ColloquyException(ErrorCode.CONFLICT, "reply " + command.replyId() + " is already " + reply.status.label());
        }
        apply(new ReplyCancelled(id, command.replyId(), command.partialContent(), command.model(), command.usage(),
                command.redactedPii()));
    }

    @CommandHandler
    public void handle(RecordUsage command) {
        Node reply = replyNode(command.replyId());
        if (reply.inFlight()) {
            throw new ColloquyException(ErrorCode.CONFLICT, "usage is recorded once a reply has ended");
        }
        if (chargedReplies.contains(command.replyId())) {
            return; // exactly once: a redelivered saga event must not charge twice
        }
        // A node whose catalogue lacks the model (a rolling deploy adding one) prices it as the starting node did.
        BigDecimal cost = command.costUsd() != null || reply.price == null ? command.costUsd()
                : reply.price.cost(command.promptTokens(), command.completionTokens());
        apply(new UsageRecorded(id, command.replyId(), tenantId, ownerId, command.model(), command.promptTokens(),
                command.completionTokens(), cost, command.estimated()));
    }

    @CommandHandler
    public Long handle(RenameDialogue command) {
        requireOwner(command.tenantId(), command.actorId());
        apply(new DialogueRenamed(id, command.title()));
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public Long handle(ChooseKnowledge command) {
        requireOwner(command.tenantId(), command.actorId());
        if (!command.knowledgeBaseIds().equals(knowledgeBaseIds)) {
            apply(new KnowledgeChosen(id, command.knowledgeBaseIds()));
        }
        return AggregateLifecycle.getVersion();
    }

    /** What a fork of this conversation draws on: the same knowledge bases. */
    List<String> knowledgeBaseIds() {
        return knowledgeBaseIds;
    }

    @CommandHandler
    public Long handle(DeleteDialogue command) {
        requireOwner(command.tenantId(), command.actorId());
        apply(new DialogueDeleted(id));
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public Long handle(RestoreDialogue command) {
        if (erased || !isOwner(command.tenantId(), command.actorId())) {
            throw ColloquyException.notFound("conversation");
        }
        if (deleted) {
            apply(new DialogueRestored(id));
        }
        return AggregateLifecycle.getVersion();
    }

    /**
     * Crypto-shreds the conversation (its key goes with {@link ConversationErased}). A reply still running is
     * failed first, so nothing of it can be written after the key is gone. Answers whether it erased anything
     * now (not when already erased, nor when retention's candidate turned out to be active).
     */
    @CommandHandler
    public boolean handle(EraseConversation command) {
        if (!tenantId.equals(command.tenantId())) {
            throw ColloquyException.notFound("conversation");
        }
        if (erased || command.idleBefore() != null && !lastActivity.isBefore(command.idleBefore())) {
            return false;
        }
        for (Node node : List.copyOf(nodes.values())) {
            if (node.inFlight()) {
                apply(new ReplyFailed(id, node.id, "CONVERSATION_ERASED", "the conversation was erased", null,
                        node.model, null, List.of()));
            }
        }
        apply(new ConversationErased(id, tenantId, ownerId, command.reason()));
        return true;
    }

    /** The path root→{@code messageId} copied for a fork, with fresh ids so both trees stay independent. */
    DialogueForked forkAt(String forkId, String messageId, String tenant, String actor, Instant now) {
        requireOwner(tenant, actor);
        Node at = nodes.get(messageId);
        if (at == null) {
            throw ColloquyException.notFound("message");
        }
        if (at.inFlight()) {
            throw new ColloquyException(ErrorCode.REPLY_IN_PROGRESS, "cannot fork from a reply that is still being generated");
        }
        List<Node> path = new ArrayList<>();
        for (Node n = at; n != null; n = n.parentId == null ? null : nodes.get(n.parentId)) {
            path.add(n);
        }
        Collections.reverse(path);
        List<TranscriptEntry> transcript = new ArrayList<>(path.size());
        String parent = null;
        for (Node n : path) {
            String copyId = UUID.randomUUID().toString();
            transcript.add(new TranscriptEntry(copyId, parent, n.id, n.role, n.content, n.status.label(), n.model,
                    n.postedAt == null ? now : n.postedAt));
            parent = copyId;
        }
        return new DialogueForked(forkId, tenantId, ownerId, title, model, systemPrompt, id,
                messageId, transcript);
    }

    @EventSourcingHandler
    void on(DialogueStarted event, @Timestamp Instant at) {
        lastActivity = at;
        begin(event.conversationId(), event.tenantId(), event.ownerId(), event.model(), event.systemPrompt(),
                event.title());
    }

    @EventSourcingHandler
    void on(DialogueForked event, @Timestamp Instant at) {
        lastActivity = at;
        begin(event.conversationId(), event.tenantId(), event.ownerId(), event.model(), event.systemPrompt(),
                event.title());
        for (TranscriptEntry entry : event.transcript()) {
            Node node = new Node(entry.messageId(), entry.parentMessageId(), entry.role(), entry.model(), entry.postedAt());
            node.content = entry.content();
            node.status = Status.valueOf(entry.status().toUpperCase(Locale.ROOT));
            nodes.put(node.id, node);
            activeLeafId = node.id;
        }
    }

    @EventSourcingHandler
    void on(MessagePosted event, @Timestamp Instant at) {
        lastActivity = at;
        Node node = new Node(event.messageId(), event.parentMessageId(), USER, null, at);
        node.content = event.content();
        node.status = Status.POSTED;
        node.clientMessageId = event.clientMessageId();
        nodes.put(node.id, node);
        activeLeafId = node.id;
    }

    @EventSourcingHandler
    void on(ReplyRequested event, @Timestamp Instant at, @SequenceNumber long sequence) {
        lastActivity = at;
        Node node = new Node(event.replyId(), event.promptMessageId(), ASSISTANT, event.model(), at);
        node.status = Status.REQUESTED;
        nodes.put(node.id, node);
        activeLeafId = node.id;
        Node prompt = nodes.get(event.promptMessageId());
        if (prompt.clientMessageId != null) {
            acceptedByClientId.put(prompt.clientMessageId,
                    new MessageAccepted(id, prompt.id, event.replyId(), sequence));
        }
    }

    @EventSourcingHandler
    void on(ReplyStarted event) {
        Node reply = nodes.get(event.replyId());
        reply.status = Status.STREAMING;
        reply.price = event.price();
    }

    @EventSourcingHandler
    void on(ReplyCompleted event, @Timestamp Instant at) {
        lastActivity = at;
        end(event.replyId(), Status.COMPLETED, event.content());
    }

    @EventSourcingHandler
    void on(ReplyFailed event, @Timestamp Instant at) {
        lastActivity = at;
        end(event.replyId(), Status.FAILED, event.partialContent());
    }

    @EventSourcingHandler
    void on(ReplyCancelled event, @Timestamp Instant at) {
        lastActivity = at;
        end(event.replyId(), Status.CANCELLED, event.partialContent());
    }

    @EventSourcingHandler
    void on(UsageRecorded event) {
        chargedReplies.add(event.replyId());
    }

    @EventSourcingHandler
    void on(DialogueRenamed event, @Timestamp Instant at) {
        lastActivity = at;
        title = event.title();
    }

    @EventSourcingHandler
    void on(KnowledgeChosen event) {
        knowledgeBaseIds = event.knowledgeBaseIds();
    }

    @EventSourcingHandler
    void on(SourcesCited event) {
        nodes.get(event.replyId()).cited = true;
    }

    @EventSourcingHandler
    void on(DialogueDeleted event) {
        deleted = true;
    }

    @EventSourcingHandler
    void on(DialogueRestored event) {
        deleted = false;
    }

    /** Forgets the text it holds; only ids, statuses and charges remain. */
    @EventSourcingHandler
    void on(ConversationErased event) {
        erased = true;
        title = null;
        systemPrompt = null;
        nodes.values().forEach(node -> node.content = null);
    }

    private void begin(String conversationId, String tenant, String owner, String modelId, String prompt,
                       String initialTitle) {
        id = conversationId;
        tenantId = tenant;
        ownerId = owner;
        model = modelId;
        systemPrompt = prompt;
        title = initialTitle;
    }

    private void end(String replyId, Status status, String content) {
        Node node = nodes.get(replyId);
        node.status = status;
        node.content = content == null ? "" : content;
    }

    private List<ReplyContext.Turn> pathTo(String messageId) {
        List<ReplyContext.Turn> turns = new ArrayList<>();
        for (Node n = nodes.get(messageId); n != null; n = n.parentId == null ? null : nodes.get(n.parentId)) {
            if (n.usableAsContext()) {
                turns.add(new ReplyContext.Turn(n.id, n.role, n.content));
            }
        }
        Collections.reverse(turns);
        return turns;
    }

    private Node replyNode(String replyId) {
        Node node = nodes.get(replyId);
        if (node == null || !ASSISTANT.equals(node.role)) {
            throw ColloquyException.notFound("reply");
        }
        return node;
    }

    private void requireOwner(String tenant, String actor) {
        // Another tenant's or user's conversation, and a deleted or erased one, must be indistinguishable from a
        // missing one.
        if (deleted || erased || !isOwner(tenant, actor)) {
            throw ColloquyException.notFound("conversation");
        }
    }

    private boolean isOwner(String tenant, String actor) {
        return tenantId.equals(tenant) && ownerId.equals(actor);
    }

    private enum Status {
        POSTED, REQUESTED, STREAMING, COMPLETED, FAILED, CANCELLED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final class Node {
        final String id;
        final String parentId;
        final String role;
        final String model;
        final Instant postedAt;
        String content;
        Status status;
        String clientMessageId;
        /** A reply's prices, as the node that started it had them. */
        ReplyPrice price;
        boolean cited;

        Node(String id, String parentId, String role, String model, Instant postedAt) {
            this.id = id;
            this.parentId = parentId;
            this.role = role;
            this.model = model;
            this.postedAt = postedAt;
        }

        boolean inFlight() {
            return status == Status.REQUESTED || status == Status.STREAMING;
        }

        boolean usableAsContext() {
            if (USER.equals(role)) {
                return true;
            }
            // A reply the user saw (completed, or stopped by the user) is part of the dialogue; a failure is not.
            return (status == Status.COMPLETED || status == Status.CANCELLED) && content != null && !content.isBlank();
        }
    }
}
