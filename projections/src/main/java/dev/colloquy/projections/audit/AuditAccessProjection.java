package dev.colloquy.projections.audit;

import dev.colloquy.kernel.MetadataKeys;
import dev.colloquy.kernel.audit.AuditTrailRead;
import dev.colloquy.kernel.privacy.UserErased;
import dev.colloquy.projections.replay.ReadModel;
import java.time.Instant;
import java.util.Arrays;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

/**
 * Builds {@code audit_access}, the index of {@link AuditTrailRead} events an auditor searches. Rows commit with
 * the processor's token (exactly once); a replay writes the same rows, keyed by the event id.
 */
@Component
@ProcessingGroup(AuditAccessProjection.GROUP)
public class AuditAccessProjection implements ReadModel {
    public static final String GROUP = "audit-accesses";

    private final Jdbi jdbi;

    public AuditAccessProjection(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public String processingGroup() {
        return GROUP;
    }

    @EventHandler
    void on(AuditTrailRead e, @MessageIdentifier String eventId, @Timestamp Instant at,
            @MetaDataValue(MetadataKeys.TRACE_ID) String traceId) {
        String[] names = e.parameters().keySet().stream().sorted().toArray(String[]::new);
        String[] values = Arrays.stream(names).map(e.parameters()::get).toArray(String[]::new);
        jdbi.useHandle(h -> h.createUpdate("""
                        insert into audit_access (event_id, tenant_id, viewer_id, conversation_id, view, parameters,
                                                  trace_id, read_at)
                        values (:id, :tenant, :viewer, :conversation, :view,
                                jsonb_object(cast(:names as text[]), cast(:values as text[])), :trace, :at)""")
                .bind("id", eventId).bind("tenant", e.tenantId()).bind("viewer", e.viewerId())
                .bind("conversation", e.conversationId()).bind("view", e.view())
                .bind("names", names).bind("values", values).bind("trace", traceId).bind("at", at).execute());
    }

    /** Audit entries are kept for years but anonymised on erasure (R-X-02): the reader becomes the pseudonym. */
    @EventHandler
    void on(UserErased event) {
        jdbi.useHandle(h -> h.createUpdate("update audit_access set viewer_id = :pseudonym where viewer_id = :user")
                .bind("pseudonym", event.pseudonym()).bind("user", event.userId()).execute());
    }

    @ResetHandler
    void reset() {
        jdbi.useHandle(h -> h.execute("truncate audit_access"));
    }
}
