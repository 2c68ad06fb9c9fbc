package dev.colloquy.query.audit;

import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.audit.AuditTrailRead;
import java.util.Map;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.stereotype.Component;

/**
 * Records each read of audit data as an {@link AuditTrailRead} event, stored before the answer is sent: if the
 * record cannot be stored the reader gets an error, never unrecorded data. The event carries the reader's tenant,
 * user and trace id in its metadata like every event caused by a request.
 */
@Component
public class AuditReads {
    private final EventGateway events;

    public AuditReads(EventGateway events) {
        this.events = events;
    }

    public void record(Caller reader, String conversationId, String view, Map<String, String> parameters) {
        events.publish(new AuditTrailRead(reader.userId(), reader.tenantId(), conversationId, view, parameters));
    }
}
