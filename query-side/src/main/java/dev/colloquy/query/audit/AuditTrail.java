package dev.colloquy.query.audit;

import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.MetadataKeys;
import dev.colloquy.kernel.error.ColloquyException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.SerializationException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A conversation's stored history for auditors: its events read through Axon (so upcasters, and decryption where
 * a payload is encrypted, apply as everywhere else) with the chain links the append trigger stored next to them,
 * and the verification of that chain against the stored bytes (ADR 0007).
 */
@Component
public class AuditTrail {
    /** The payload or metadata shown in place of a part that no longer deserializes. */
    static final String UNREADABLE = "unreadable";

    private static final HexFormat HEX = HexFormat.of();
    /** The aggregate type Axon stores with a conversation's events (the command side's aggregate class). */
    private static final String CONVERSATION = "Conversation";
    private static final JsonMapper JSON = JsonMapper.shared();

    private final EventStore eventStore;
    private final Jdbi jdbi;

    public AuditTrail(EventStore eventStore, Jdbi jdbi) {
        this.eventStore = eventStore;
        this.jdbi = jdbi;
    }

    /**
     * Refuses, as not found, a conversation of another tenant, any other aggregate, or none at all. The tenant is
     * the one the conversation's own events name (the {@code tenant} of the first stored event's metadata, its
     * {@code DialogueStarted} or {@code DialogueForked}), not a read model's, so a read model being rebuilt or
     * lagging hides nothing from the audit. The stored bytes are read without deserializing the events, and an
     * event whose metadata no longer parses passes to the next, so a damaged first event does not hide the
     * conversation from its verification either.
     */
    public void requireOwnTenant(Caller caller, String conversationId) {
        if (!tenantOf(conversationId).filter(caller.tenantId()::equals).isPresent()) {
            throw ColloquyException.notFound("conversation");
        }
    }

    private Optional<String> tenantOf(String conversationId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select metadata from domainevententry
                        where aggregateidentifier = :id and type = :type order by sequencenumber""")
                .bind("id", conversationId).bind("type", CONVERSATION)
                .mapTo(byte[].class)
                .withStream(metadata -> metadata.map(AuditTrail::tenantIn).flatMap(Optional::stream).findFirst()));
    }

    private static Optional<String> tenantIn(byte[] metadata) {
        try {
            JsonNode tenant = JSON.readTree(metadata).path(MetadataKeys.TENANT);
            return tenant.isString() ? Optional.of(tenant.stringValue()) : Optional.empty();
        } catch (JacksonException unreadable) {
            return Optional.empty();
        }
    }

    /** Every stored event of the conversation, oldest first, never from a snapshot. */
    public List<? extends DomainEventMessage<?>> history(String conversationId) {
        return eventStore.readEvents(conversationId, 0).asStream().toList();
    }

    /**
     * The events first, then their links: every event read is committed by then, so its link (written by the
     * trigger in the same transaction) is read too, whatever is appended in between (links of newer events are
     * not asked for). Only an event whose row was deleted between the two reads shows without a link.
     */
    public ConversationEvents listing(String conversationId) {
        List<? extends DomainEventMessage<?>> history = history(conversationId);
        Map<String, StoredLink> links = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                        select eventidentifier, payloadrevision, prev_hash, hash from domainevententry
                        where aggregateidentifier = :id and sequencenumber <= :last""")
                .bind("id", conversationId)
                .bind("last", history.isEmpty() ? -1 : history.getLast().getSequenceNumber())
                .map((rs, ctx) -> new StoredLink(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4)))
                .forEach(link -> links.put(link.eventId(), link)));
        List<AuditedEvent> events = history.stream().map(event -> {
            StoredLink link = links.get(event.getIdentifier());
            Map<String, Object> metadata = new TreeMap<>(metadata(event));
            return new AuditedEvent(event.getSequenceNumber(), event.getIdentifier(),
                    event.getPayloadType().getSimpleName(), event.getPayloadType().getName(),
                    link == null ? null : link.revision(), event.getTimestamp(),
                    text(metadata.get(MetadataKeys.TENANT)), text(metadata.get(MetadataKeys.ACTOR)),
                    text(metadata.get(MetadataKeys.TRACE_ID)), readable(event::getPayload), metadata,
                    link == null ? null : hex(link.prevHash()), link == null ? null : hex(link.hash()));
        }).toList();
        return new ConversationEvents(conversationId, events);
    }

    /**
     * An event whose stored form no longer deserializes is still listed (its sequence, type and hashes), marked
     * unreadable: the auditor investigating a damaged history must see the rest of it, and verify names the row.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(DomainEventMessage<?> event) {
        return (Map<String, Object>) readable(event::getMetaData);
    }

    private static <T> Object readable(Supplier<T> part) {
        try {
            return part.get();
        } catch (SerializationException e) {
            return Map.of(UNREADABLE, true);
        }
    }

    /**
     * Recomputes every stored event's hash in the database, with the function the append trigger uses. The rows
     * and the chain head are read in one snapshot: read apart, an event committed in between would leave the head
     * ahead of the rows, which looks exactly like a deleted newest event.
     */
    public ChainVerdict verify(String conversationId) {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            List<ChainVerdict.Link> links = h.createQuery("""
                            select sequencenumber, prev_hash, hash,
                                   event_chain_hash(prev_hash, eventidentifier, aggregateidentifier, sequencenumber,
                                                    type, payloadtype, payloadrevision, timestamp, metadata, payload)
                            from domainevententry where aggregateidentifier = :id order by sequencenumber""")
                    .bind("id", conversationId)
                    .map((rs, ctx) -> new ChainVerdict.Link(rs.getLong(1), rs.getBytes(2), rs.getBytes(3),
                            rs.getBytes(4)))
                    .list();
            ChainVerdict.Head head = h.createQuery(
                            "select last_sequence, last_hash from event_chain_head where aggregateidentifier = :id")
                    .bind("id", conversationId)
                    .map((rs, ctx) -> new ChainVerdict.Head(rs.getLong(1), rs.getBytes(2)))
                    .findOne().orElse(null);
            return ChainVerdict.of(links, head);
        });
    }

    private static String text(Object value) {
        return Objects.toString(value, null);
    }

    private static String hex(byte[] bytes) {
        return bytes == null ? null : HEX.formatHex(bytes);
    }

    private record StoredLink(String eventId, String revision, byte[] prevHash, byte[] hash) {
    }
}
