package dev.colloquy.query.audit;

import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.EntityId;
import dev.colloquy.kernel.IntegerParameter;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.query.search.SearchText;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit API for auditors and tenant admins, over the conversations of their own tenant (any other
 * conversation is not found): the stored events with their chain links, the chain's verification, the
 * conversation as it was at a point of its history, and the log of these reads. Every answer is recorded as an
 * {@code AuditTrailRead} first.
 */
@RestController
public class AuditController {
    private static final int MAX_ACCESSES = 500;
    private static final int MAX_PAGE = 100;

    private final AuditTrail trail;
    private final AuditReads reads;
    private final AuditAccesses accesses;
    private final AuditedConversations conversations;
    private final KnowledgeSearches searches;

    public AuditController(AuditTrail trail, AuditReads reads, AuditAccesses accesses,
                           AuditedConversations conversations, KnowledgeSearches searches) {
        this.trail = trail;
        this.reads = reads;
        this.accesses = accesses;
        this.conversations = conversations;
        this.searches = searches;
    }

    /** Finds the tenant's conversations, deleted and erased ones included, by owner and title. */
    @GetMapping("/api/v1/audit/conversations")
    public AuditedConversations.Page conversations(Caller caller, @RequestParam(required = false) String ownerId,
                                                   @RequestParam(required = false) String q,
                                                   @RequestParam(defaultValue = "20") String limit,
                                                   @RequestParam(defaultValue = "0") String offset) {
        String owner = ownerId == null ? null : EntityId.parse(ownerId, "ownerId");
        SearchText.checked(q);
        int size = IntegerParameter.parse(limit, "limit", 1, MAX_PAGE);
        int skip = IntegerParameter.parse(offset, "offset", 0, Integer.MAX_VALUE);
        AuditedConversations.Page page = conversations.find(caller.tenantId(), owner, q, size, skip);
        reads.record(caller, null, "conversations", given("limit", Integer.toString(size),
                "offset", Integer.toString(skip), "ownerId", owner, "q", q));
        return page;
    }

    @GetMapping("/api/v1/audit/conversations/{id}/events")
    public ConversationEvents events(Caller caller, @PathVariable String id) {
        String conversationId = ownConversation(caller, id);
        ConversationEvents events = trail.listing(conversationId);
        reads.record(caller, conversationId, "events", Map.of());
        return events;
    }

    @GetMapping("/api/v1/audit/conversations/{id}/verify")
    public ChainVerdict verify(Caller caller, @PathVariable String id) {
        String conversationId = ownConversation(caller, id);
        ChainVerdict verdict = trail.verify(conversationId);
        reads.record(caller, conversationId, "verify", Map.of());
        return verdict;
    }

    /** Before the conversation's first event (or its first at or before {@code asOf}) there is nothing: 404. */
    @GetMapping("/api/v1/audit/conversations/{id}/state")
    public ConversationState state(Caller caller, @PathVariable String id,
                                   @RequestParam(required = false) String asOf,
                                   @RequestParam(required = false) String atSeq) {
        PointInTime point = PointInTime.parse(asOf, atSeq);
        String conversationId = ownConversation(caller, id);
        List<? extends DomainEventMessage<?>> history = trail.history(conversationId);
        ConversationState state = PastConversation.after(history, point.prefixOf(history))
                .orElseThrow(() -> ColloquyException.notFound("conversation at that point"));
        reads.record(caller, conversationId, "state", point.parameters());
        return state;
    }

    /** With {@code conversationId}, that conversation must be the caller's tenant's like on the routes above. */
    @GetMapping("/api/v1/audit/accesses")
    public AuditAccessLog accesses(Caller caller, @RequestParam(required = false) String conversationId,
                                   @RequestParam(defaultValue = "100") String limit) {
        String conversation = conversationId == null ? null : EntityId.parse(conversationId, "conversationId");
        int size = IntegerParameter.parse(limit, "limit", 1, MAX_ACCESSES);
        if (conversation != null) {
            trail.requireOwnTenant(caller, conversation);
        }
        AuditAccessLog log = new AuditAccessLog(conversation, accesses.newest(caller.tenantId(), conversation, size));
        reads.record(caller, conversation, "accesses", given("conversationId", conversation,
                "limit", Integer.toString(size)));
        return log;
    }

    /** Who searched the tenant's knowledge bases; another tenant's base is 404, like everything of theirs. */
    @GetMapping("/api/v1/audit/knowledge-searches")
    public KnowledgeSearches.Log knowledgeSearches(Caller caller,
                                                   @RequestParam(required = false) String knowledgeBaseId,
                                                   @RequestParam(required = false) String userId,
                                                   @RequestParam(defaultValue = "100") String limit) {
        String base = knowledgeBaseId == null ? null : EntityId.parse(knowledgeBaseId, "knowledgeBaseId");
        String user = userId == null ? null : EntityId.parse(userId, "userId");
        int size = IntegerParameter.parse(limit, "limit", 1, MAX_ACCESSES);
        if (base != null && !searches.knownTo(caller.tenantId(), base)) {
            throw ColloquyException.notFound("knowledge base");
        }
        KnowledgeSearches.Log log = new KnowledgeSearches.Log(base, user,
                searches.newest(caller.tenantId(), base, user, size));
        reads.record(caller, null, "knowledge-searches", given("knowledgeBaseId", base, "userId", user,
                "limit", Integer.toString(size)));
        return log;
    }

    /** A read's parameters as recorded, from names and values: those left out of the request are not named. */
    private static Map<String, String> given(String... namesAndValues) {
        Map<String, String> parameters = new TreeMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                parameters.put(namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return parameters;
    }

    private String ownConversation(Caller caller, String rawId) {
        String conversationId = EntityId.parse(rawId, "id");
        trail.requireOwnTenant(caller, conversationId);
        return conversationId;
    }
}
