package dev.colloquy.query.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One stored event as an auditor sees it: the payload as the application reads it today (upcast, and decrypted
 * where it can be), the metadata, and the stored chain link ({@code prevHash} and {@code hash}, hex; the first
 * event's {@code prevHash} is null). {@code revision} is the revision the payload was stored with.
 */
public record AuditedEvent(long sequence, String eventId, String type, String payloadType, String revision,
                           Instant timestamp, String tenant, String actor, String traceId, Object payload,
                           Map<String, Object> metadata, String prevHash, String hash) {
}
