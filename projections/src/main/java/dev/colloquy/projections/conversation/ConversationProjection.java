package dev.colloquy.projections.conversation;

import dev.colloquy.kernel.conversation.DialogueDeleted;
import dev.colloquy.kernel.conversation.DialogueForked;
import dev.colloquy.kernel.conversation.DialogueRenamed;
import dev.colloquy.kernel.conversation.DialogueRestored;
import dev.colloquy.kernel.conversation.DialogueStarted;
import dev.colloquy.kernel.conversation.KnowledgeChosen;
import dev.colloquy.kernel.conversation.MessagePosted;
import dev.colloquy.kernel.conversation.TranscriptEntry;
import dev.colloquy.kernel.privacy.ConversationErased;
import dev.colloquy.kernel.privacy.PersonalData;
import dev.colloquy.kernel.reply.Citation;
import dev.colloquy.kernel.reply.ReplyCancelled;
import dev.colloquy.kernel.reply.ReplyCompleted;
import dev.colloquy.kernel.reply.ReplyFailed;
import dev.colloquy.kernel.reply.ReplyRequested;
import dev.colloquy.kernel.reply.ReplyStarted;
import dev.colloquy.kernel.reply.SourcesCited;
import dev.colloquy.kernel.reply.TokenUsage;
import dev.colloquy.kernel.usage.UsageRecorded;
import dev.colloquy.projections.replay.ReadModel;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Update;
import org.springframework.stereotype.Component;

/**
 * Builds {@code conversation_view} and {@code message_view}. Runs in a pooled streaming processor whose token
 * is stored in the same transaction as these rows, so a batch is applied exactly once; a reset rebuilds it all.
 */
@Component
@ProcessingGroup(ConversationProjection.GROUP)
public class ConversationProjection implements ReadModel {
    public static final String GROUP = "conversations";

    private final Jdbi jdbi;
    private final ProjectionProgress progress;

    public ConversationProjection(Jdbi jdbi, ProjectionProgress progress) {
        this.jdbi = jdbi;
        this.progress = progress;
    }

    @Override
    public String processingGroup() {
        return GROUP;
    }

    @EventHandler
    void on(DialogueStarted e, @Timestamp Instant at, @SequenceNumber long version) {
        jdbi.useHandle(h -> h.createUpdate("""
                        insert into conversation_view (id, tenant_id, owner_id, title, model, system_prompt,
                                                       created_at, updated_at, version)
                        values (:id, :tenant, :owner, :title, :model, :prompt, :at, :at, :version)""")
                .bind("id", e.conversationId()).bind("tenant", e.tenantId()).bind("owner", e.ownerId())
                .bind("title", e.title()).bind("model", e.model()).bind("prompt", e.systemPrompt())
                .bind("at", at).bind("version", version).execute());
        progress.applied(e.conversationId(), version);
    }

    @EventHandler
    void on(DialogueForked e, @Timestamp Instant at, @SequenceNumber long version) {
        jdbi.useTransaction(h -> {
            String leaf = e.transcript().isEmpty() ? null : e.transcript().getLast().messageId();
            h.createUpdate("""
                            insert into conversation_view (id, tenant_id, owner_id, title, model, system_prompt,
                                active_leaf_id, forked_from_conversation, forked_from_message, message_count,
                                created_at, updated_at, version)
                            values (:id, :tenant, :owner, :title, :model, :prompt, :leaf, :fromConversation,
                                    :fromMessage, :count, :at, :at, :version)""")
                    .bind("id", e.conversationId()).bind("tenant", e.tenantId()).bind("owner", e.ownerId())
                    .bind("title", e.title()).bind("model", e.model()).bind("prompt", e.systemPrompt())
                    .bind("leaf", leaf).bind("fromConversation", e.sourceConversationId())
                    .bind("fromMessage", e.sourceMessageId()).bind("count", e.transcript().size())
                    .bind("at", at).bind("version", version).execute();
            for (TranscriptEntry m : e.transcript()) {
                h.createUpdate("""
                                insert into message_view (id, conversation_id, parent_id, role, content, status, model,
                                                          created_at, finished_at)
                                values (:id, :conversation, :parent, :role, :content, :status, :model, :at, :at)""")
                        .bind("id", m.messageId()).bind("conversation", e.conversationId())
                        .bind("parent", m.parentMessageId()).bind("role", m.role()).bind("content", m.content())
                        .bind("status", m.status()).bind("model", m.model())
                        .bind("at", m.postedAt()).execute();
            }
        });
        progress.applied(e.conversationId(), version);
    }

    @EventHandler
    void on(MessagePosted e, @Timestamp Instant at, @SequenceNumber long version) {
        jdbi.useHandle(h -> h.createUpdate("""
                        insert into message_view (id, conversation_id, parent_id, role, content, status, created_at)
                        values (:id, :conversation, :parent, 'user', :content, 'posted', :at)""")
                .bind("id", e.messageId()).bind("conversation", e.conversationId())
                .bind("parent", e.parentMessageId()).bind("content", e.content()).bind("at", at).execute());
        ConversationActivity.record(jdbi, e.conversationId(), version, at, e.messageId());
        progress.applied(e.conversationId(), version);
    }

    @EventHandler
    void on(ReplyRequested e, @Timestamp Instant at, @SequenceNumber long version) {
        jdbi.useHandle(h -> h.createUpdate("""
                        insert into message_view (id, conversation_id, parent_id, role, status, model,
                                                  prompt_message_id, created_at)
                        values (:id, :conversation, :parent, 'assistant', 'requested', :model, :parent, :at)""")
                .bind("id", e.replyId()).bind("conversation", e.conversationId())
                .bind("parent", e.promptMessageId()).bind("model", e.model()).bind("at", at).execute());
        ConversationActivity.record(jdbi, e.conversationId(), version, at, e.replyId());
        progress.applied(e.conversationId(), version);
    }

    @EventHandler
    void on(ReplyStarted e, @SequenceNumber long version) {
        jdbi.useHandle(h -> h.createUpdate("update message_view set status = 'streaming' where id = :id")
                .bind("id", e.replyId()).execute());
        ConversationActivity.record(jdbi, e.conversationId(), version, null, null);
        progress.applied(e.conversationId(), version);
    }

    @EventHandler
    void on(ReplyCompleted e, @Timestamp Instant at, @SequenceNumber long version) {
        finish(e.conversationId(), e.replyId(), "completed", e.content(), e.model(), e.usage(), at, version,
                ", finish_reason = :finish, ttft_ms = :ttft, latency_ms = :latency", update -> update
                        .bind("finish", e.finishReason()).bind("ttft", e.timeToFirstTokenMillis())
                        .bind("latency", e.latencyMillis()));
    }

    @EventHandler
    void on(ReplyFailed e, @Timestamp Instant at, @SequenceNumber long version) {
        finish(e.conversationId(), e.replyId(), "failed", e.partialContent(), e.model(), e.usage(), at, version,
                ", error_code = :code, error_message = :message",
                update -> update.bind("code", e.errorCode()).bind("message", e.message()));
    }

    @EventHandler
    void on(ReplyCancelled e, @Timestamp Instant at, @SequenceNumber long version) {
        finish(e.conversationId(), e.replyId(), "cancelled", e.partialContent(), e.model(), e.usage(), at, version,
                "", update -> update);
    }

    @EventHandler
    void on(UsageRecorded e, @SequenceNumber long version) {
        jdbi.useHandle(h -> h.createUpdate("update message_view set cost_usd = :cost where id = :id")
                .bind("id", e.replyId()).bind("cost", e.costUsd()).execute());
        ConversationActivity.record(jdbi, e.conversationId(), version, null, null);
        progress.applied(e.conversationId(), version);
    }

    @EventHandler
    void on(DialogueRenamed e, @Timestamp Instant at, @SequenceNumber long version) {
        update(e.conversationId(), "title = :value, updated_at = :at", e.title(), at, version);
    }

    @EventHandler
    void on(KnowledgeChosen e, @SequenceNumber long version) {
        jdbi.useTransaction(h -> {
            ConversationActivity.flush(h, e.conversationId());
            h.createUpdate("update conversation_view set knowledge_base_ids = :ids, version = :version where id = :id")
                    .bind("id", e.conversationId()).bind("ids", e.knowledgeBaseIds().toArray(String[]::new))
                    .bind("version", version).execute();
        });
        progress.applied(e.conversationId(), version);
    }

    @EventHandler
    void on(SourcesCited e, @SequenceNumber long version) {
        if (!e.citations().isEmpty()) {
            jdbi.useHandle(h -> {
                PreparedBatch batch = h.prepareBatch("""
                        insert into message_citation (message_id, conversation_id, n, document_id, knowledge_base_id,
                                                      title, chunk_id, snippet, score, injection_score)
                        values (:message, :conversation, :n, :document, :base, :title, :chunk, :snippet, :score,
                                :injection)""");
                for (Citation c : e.citations()) {
                    batch.bind("message", e.replyId()).bind("conversation", e.conversationId()).bind("n", c.n())
                            .bind("document", c.documentId()).bind("base", c.knowledgeBaseId())
                            .bind("title", c.title()).bind("chunk", c.chunkId()).bind("snippet", c.snippet())
                            .bind("score", c.score()).bind("injection", c.injectionScore()).add();
                }
                batch.execute();
            });
        }
        ConversationActivity.record(jdbi, e.conversationId(), version, null, null);
        progress.applied(e.conversationId(), version);
    }

    @EventHandler
    void on(DialogueDeleted e, @Timestamp Instant at, @SequenceNumber long version) {
        update(e.conversationId(), "deleted = true", null, at, version);
    }

    @EventHandler
    void on(DialogueRestored e, @Timestamp Instant at, @SequenceNumber long version) {
        update(e.conversationId(), "deleted = false", null, at, version);
    }

    /**
     * Puts {@link PersonalData#ERASED} where the text was, exactly as a rebuild reads it from the events once the
     * key is gone (an empty or absent text was never encrypted and stays as it was).
     */
    @EventHandler
    void on(ConversationErased e, @SequenceNumber long version) {
        jdbi.useTransaction(h -> {
            ConversationActivity.flush(h, e.conversationId());
            h.createUpdate("""
                            update conversation_view set erased = true, version = :version,
                                   title = case when coalesce(title, '') = '' then title else :erased end,
                                   system_prompt = case when coalesce(system_prompt, '') = '' then system_prompt
                                                   else :erased end
                            where id = :id""")
                    .bind("id", e.conversationId()).bind("version", version).bind("erased", PersonalData.ERASED)
                    .execute();
            h.createUpdate("""
                            update message_view set content = :erased
                            where conversation_id = :id and content <> ''""")
                    .bind("id", e.conversationId()).bind("erased", PersonalData.ERASED).execute();
            h.createUpdate("""
                            update message_citation
                            set title = case when title = '' then title else :erased end,
                                snippet = case when snippet = '' then snippet else :erased end
                            where conversation_id = :id""")
                    .bind("id", e.conversationId()).bind("erased", PersonalData.ERASED).execute();
        });
        progress.applied(e.conversationId(), version);
    }

    @ResetHandler
    void reset() {
        jdbi.useHandle(h -> h.execute("truncate message_citation, message_view, conversation_view"));
    }

    /** A reply's end; {@code moreAssignments} and {@code moreValues} add what only this kind of end has. */
    private void finish(String conversationId, String replyId, String status, String content, String model,
                        TokenUsage usage, Instant at, long version, String moreAssignments,
                        UnaryOperator<Update> moreValues) {
        jdbi.useHandle(h -> moreValues.apply(h.createUpdate("""
                                update message_view set status = :status, content = :content, model = :model,
                                       prompt_tokens = :prompt, completion_tokens = :completion,
                                       usage_estimated = :estimated, finished_at = :at"""
                                + moreAssignments + " where id = :id"))
                .bind("id", replyId).bind("status", status).bind("content", content == null ? "" : content)
                .bind("model", model)
                .bind("prompt", usage == null ? null : usage.promptTokens())
                .bind("completion", usage == null ? null : usage.completionTokens())
                .bind("estimated", usage != null && usage.estimated())
                .bind("at", at).execute());
        ConversationActivity.record(jdbi, conversationId, version, at, null);
        progress.applied(conversationId, version);
    }

    private void update(String conversationId, String assignments, String value, Instant at, long version) {
        jdbi.useTransaction(h -> {
            ConversationActivity.flush(h, conversationId);
            h.createUpdate("update conversation_view set " + assignments + ", version = :version where id = :id")
                    .bind("id", conversationId).bind("value", value).bind("at", at).bind("version", version)
                    .execute();
        });
        progress.applied(conversationId, version);
    }
}
