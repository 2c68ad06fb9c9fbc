package dev.colloquy.infra.integration;

import java.time.Instant;

/**
 * The envelope of every published integration event (docs/integration-events.md). {@code eventId} is the
 * domain event's own id, so a retried publication carries the same id and consumers can drop the duplicate.
 */
public record IntegrationEvent(String eventId, String type, int version, Instant occurredAt, String tenantId,
                               String actorId, String traceId, IntegrationData data) {
}
