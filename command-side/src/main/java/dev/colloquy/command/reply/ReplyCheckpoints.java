package dev.colloquy.command.reply;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The partial content of replies in flight, kept outside the event store so that a crash loses no generated
 * text: a restarted node fails the replies it left behind with what they had produced. A row lives from the
 * reply's request until its terminal event.
 */
public class ReplyCheckpoints {
    private final Jdbi jdbi;
    private final String nodeId;

    public ReplyCheckpoints(Jdbi jdbi, String nodeId) {
        this.jdbi = jdbi;
        this.nodeId = nodeId;
    }

    public String nodeId() {
        return nodeId;
    }

    /**
     * Claims a reply for this node. Only the first claim wins, so a reply is generated once even when both the
     * node that accepted the message and the saga (perhaps on another node) try to start it.
     */
    public boolean claim(String replyId, String conversationId, String model, String tenantId, String actorId,
                         String traceId) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        insert into reply_checkpoint (reply_id, conversation_id, node_id, model, tenant_id, actor_id,
                                                      trace_id, content, prompt_tokens, updated_at)
                        values (:reply, :conversation, :node, :model, :tenant, :actor, :trace, '', 0, now())
                        on conflict (reply_id) do nothing""")
                .bind("reply", replyId).bind("conversation", conversationId).bind("node", nodeId)
                .bind("model", model).bind("tenant", tenantId).bind("actor", actorId).bind("trace", traceId)
                .execute()) == 1;
    }

    public void save(String replyId, String content, int promptTokens) {
        jdbi.useHandle(h -> h.createUpdate("""
                        update reply_checkpoint set content = :content, prompt_tokens = :prompt, updated_at = now()
                        where reply_id = :reply and node_id = :node""")
                .bind("reply", replyId).bind("node", nodeId).bind("content", content).bind("prompt", promptTokens)
                .execute());
    }

    /** The other node generating a reply, while it keeps saying so (its row younger than {@code staleAfter}). */
    public Optional<String> generatingElsewhere(String replyId, Duration staleAfter) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select node_id from reply_checkpoint
                        where reply_id = :reply and node_id <> :node
                          and updated_at > now() - make_interval(secs => :staleSeconds)""")
                .bind("reply", replyId).bind("node", nodeId).bind("staleSeconds", (double) staleAfter.toSeconds())
                .mapTo(String.class).findOne());
    }

    /**
     * Tells the other nodes that these replies are still being generated here. Only the replies this process
     * runs: rows a previous run of this node left behind must age, or nobody would ever end them.
     */
    public void heartbeat(List<String> runningReplies) {
        if (runningReplies.isEmpty()) {
            return;
        }
        jdbi.useHandle(h -> h.createUpdate("""
                        update reply_checkpoint set updated_at = now()
                        where node_id = :node and reply_id = any(:running)""")
                .bind("node", nodeId).bindArray("running", String.class, runningReplies).execute());
    }

    public void close(String replyId) {
        jdbi.useHandle(h -> h.createUpdate("delete from reply_checkpoint where reply_id = :reply")
                .bind("reply", replyId).execute());
    }

    /**
     * The replies nobody is generating any more: rows this node wrote before {@code thisNodeStartedAt} (its
     * previous run stopped), and rows of any node silent for {@code staleAfter} (that node stopped). Times are
     * the database's, so clocks of different hosts never compare.
     */
    public List<Checkpoint> orphaned(Instant thisNodeStartedAt, Duration staleAfter) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select reply_id, conversation_id, model, tenant_id, actor_id, trace_id, content, prompt_tokens
                        from reply_checkpoint
                        where (node_id = :node and updated_at < :started)
                           or updated_at < now() - make_interval(secs => :staleSeconds)""")
                .bind("node", nodeId)
                .bind("started", thisNodeStartedAt)
                .bind("staleSeconds", (double) staleAfter.toSeconds())
                .map((rs, ctx) -> new Checkpoint(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8)))
                .list());
    }

    /** The database's clock, the one every checkpoint's {@code updated_at} is written with. */
    public Instant databaseNow() {
        return jdbi.withHandle(h -> h.createQuery("select now()").mapTo(OffsetDateTime.class).one())
                .toInstant();
    }

    public record Checkpoint(String replyId, String conversationId, String model, String tenantId, String actorId,
                             String traceId, String content, int promptTokens) {
    }
}
