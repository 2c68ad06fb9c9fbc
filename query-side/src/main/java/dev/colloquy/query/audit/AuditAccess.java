package dev.colloquy.query.audit;

import java.time.Instant;
import java.util.Map;

/** One recorded read of audit data: who ({@code viewerId}) was shown what, when and under which trace. */
public record AuditAccess(String eventId, String viewerId, String conversationId, String view,
                          Map<String, String> parameters, String traceId, Instant readAt) {
}
