package dev.colloquy.query.conversation;

import dev.colloquy.kernel.query.ConversationPage;
import dev.colloquy.kernel.query.ConversationPath;
import dev.colloquy.kernel.query.ConversationSummary;
import dev.colloquy.kernel.query.ConversationTree;
import dev.colloquy.kernel.query.FindConversation;
import dev.colloquy.kernel.query.FindPath;
import dev.colloquy.kernel.query.FindReply;
import dev.colloquy.kernel.query.ForkOrigin;
import dev.colloquy.kernel.query.ListConversations;
import dev.colloquy.kernel.query.MessageView;
import dev.colloquy.kernel.query.ReplyView;
import dev.colloquy.kernel.reply.Citation;
import dev.colloquy.kernel.reply.TokenUsage;
import dev.colloquy.query.search.SearchText;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.sql.Array;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

/**
 * Answers queries from the conversation read model. Every query is scoped by tenant and owner in SQL, so a
 * foreign, deleted or erased conversation is simply not found.
 */
@Component
public class ConversationQueries {
    private static final String MESSAGE_COLUMNS = """
            m.id, m.parent_id, m.role, m.content, m.status, m.created_at, m.model, m.prompt_tokens,
            m.completion_tokens, m.error_code, m.usage_estimated""";
    private static final String OWNED =
            " c.tenant_id = :tenant and c.owner_id = :owner and not c.deleted and not c.erased ";

    private final Jdbi jdbi;

    public ConversationQueries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @QueryHandler
    public Optional<ConversationTree> handle(FindConversation query) {
        return jdbi.withHandle(h -> header(h, query.tenantId(), query.userId(), query.conversationId())
                .map(c -> new ConversationTree(c.id, c.title, c.model, c.systemPrompt, c.createdAt, c.updatedAt,
                        c.activeLeafId, c.forkedFrom, messages(h, c.id), c.knowledgeBaseIds)));
    }

    @QueryHandler
    public Optional<ConversationPath> handle(FindPath query) {
        return jdbi.withHandle(h -> header(h, query.tenantId(), query.userId(), query.conversationId())
                .flatMap(c -> {
                    String leaf = query.leafId() == null ? c.activeLeafId : query.leafId();
                    Map<String, MessageView> byId = new HashMap<>();
                    messages(h, c.id).forEach(m -> byId.put(m.id(), m));
                    if (leaf != null && !byId.containsKey(leaf)) {
                        return Optional.empty();
                    }
                    List<MessageView> path = new ArrayList<>();
                    for (MessageView m = byId.get(leaf); m != null; m = m.parentId() == null ? null : byId.get(m.parentId())) {
                        path.add(m);
                    }
                    Collections.reverse(path);
                    return Optional.of(new ConversationPath(c.id, leaf, path));
                }));
    }

    @QueryHandler
    public ConversationPage handle(ListConversations query) {
        String filter = SearchText.containing(query.text());
        String where = "where " + OWNED + (filter == null ? "" : """
                 and (c.title ilike :filter or exists (
                     select 1 from message_view m where m.conversation_id = c.id and m.content ilike :filter))""");
        return jdbi.withHandle(h -> {
            long total = h.createQuery("select count(*) from conversation_view c " + where)
                    .bind("tenant", query.tenantId()).bind("owner", query.userId()).bind("filter", filter)
                    .mapTo(Long.class).one();
            List<ConversationSummary> items = h.createQuery("""
                            select c.id, c.title, c.model, c.created_at, c.updated_at, c.message_count,
                                   c.forked_from_conversation, c.forked_from_message
                            from conversation_view c %s
                            order by c.updated_at desc, c.id limit :limit offset :offset""".formatted(where))
                    .bind("tenant", query.tenantId()).bind("owner", query.userId()).bind("filter", filter)
                    .bind("limit", query.limit()).bind("offset", query.offset())
                    .map((rs, ctx) -> new ConversationSummary(rs.getString(1), rs.getString(2), rs.getString(3),
                            instant(rs, 4), instant(rs, 5), rs.getInt(6), origin(rs, 7)))
                    .list();
            return new ConversationPage(items, total);
        });
    }

    @QueryHandler
    public Optional<ReplyView> handle(FindReply query) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select m.id, m.conversation_id, m.prompt_message_id, m.status, m.content, m.model,
                               m.finish_reason, m.prompt_tokens, m.completion_tokens, m.cost_usd, m.error_code,
                               m.error_message, m.ttft_ms, m.latency_ms, m.created_at, m.finished_at,
                               m.usage_estimated
                        from message_view m join conversation_view c on c.id = m.conversation_id
                        where m.id = :id and m.role = 'assistant' and """ + OWNED)
                .bind("id", query.replyId()).bind("tenant", query.tenantId()).bind("owner", query.userId())
                .map((rs, ctx) -> new ReplyView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), usage(rs, 8), rs.getBigDecimal(10),
                        rs.getString(11), rs.getString(12), (Long) rs.getObject(13), (Long) rs.getObject(14),
                        instant(rs, 15), instant(rs, 16), List.of()))
                .findOne()
                .map(reply -> reply.withCitations(citations(h, "message_id", reply.id())
                        .getOrDefault(reply.id(), List.of()))));
    }

    private Optional<Header> header(Handle h, String tenant, String owner, String conversationId) {
        return h.createQuery("""
                        select c.id, c.title, c.model, c.system_prompt, c.created_at, c.updated_at, c.active_leaf_id,
                               c.forked_from_conversation, c.forked_from_message, c.knowledge_base_ids
                        from conversation_view c where c.id = :id and """ + OWNED)
                .bind("id", conversationId).bind("tenant", tenant).bind("owner", owner)
                .map((rs, ctx) -> new Header(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        instant(rs, 5), instant(rs, 6), rs.getString(7), origin(rs, 8), strings(rs.getArray(10))))
                .findOne();
    }

    private List<MessageView> messages(Handle h, String conversationId) {
        Map<String, List<Citation>> citations = citations(h, "conversation_id", conversationId);
        return h.createQuery("select " + MESSAGE_COLUMNS
                        + " from message_view m where m.conversation_id = :id order by m.position")
                .bind("id", conversationId)
                .map((rs, ctx) -> new MessageView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), instant(rs, 6), rs.getString(7), usage(rs, 8), rs.getString(10),
                        citations.get(rs.getString(1))))
                .list();
    }

    /** The citations of the replies whose {@code column} (a message or a conversation id) is {@code id}. */
    private static Map<String, List<Citation>> citations(Handle h, String column, String id) {
        Map<String, List<Citation>> byMessage = new HashMap<>();
        h.createQuery("""
                        select message_id, n, document_id, knowledge_base_id, title, chunk_id, snippet, score,
                               injection_score
                        from message_citation where %s = :id order by message_id, n""".formatted(column))
                .bind("id", id)
                .map((rs, ctx) -> Map.entry(rs.getString(1), new Citation(rs.getInt(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getDouble(8),
                        rs.getInt(9))))
                .forEach(entry -> byMessage.computeIfAbsent(entry.getKey(), k -> new ArrayList<>())
                        .add(entry.getValue()));
        return byMessage;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static TokenUsage usage(ResultSet rs, int promptColumn) throws SQLException {
        long prompt = rs.getLong(promptColumn);
        if (rs.wasNull()) {
            return null;
        }
        return new TokenUsage(prompt, rs.getLong(promptColumn + 1), rs.getBoolean("usage_estimated"));
    }

    private static ForkOrigin origin(ResultSet rs, int column) throws SQLException {
        String conversation = rs.getString(column);
        return conversation == null ? null : new ForkOrigin(conversation, rs.getString(column + 1));
    }

    private record Header(String id, String title, String model, String systemPrompt, Instant createdAt,
                          Instant updatedAt, String activeLeafId, ForkOrigin forkedFrom,
                          List<String> knowledgeBaseIds) {
    }
}
