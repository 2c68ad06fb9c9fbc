package dev.colloquy.kernel.privacy;

import org.axonframework.serialization.Revision;

/** Recorded before any work starts; the erasure process then works through it asynchronously. */
@Revision("1")
public record ErasureRequested(String requestId, String userId, String tenantId, String requestedBy) {
}
