package dev.colloquy.kernel.audit;

import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * Someone was shown audit data: {@code view} is {@code events}, {@code verify}, {@code state} or {@code accesses};
 * {@code conversationId} is null for a read of the access log across the tenant; {@code parameters} are the
 * request's (e.g. {@code atSeq}). Recorded before the data leaves, so nothing is shown without a record.
 */
@Revision("1")
public record AuditTrailRead(String viewerId, String tenantId, String conversationId, String view,
                             Map<String, String> parameters) {
    public AuditTrailRead {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
}
