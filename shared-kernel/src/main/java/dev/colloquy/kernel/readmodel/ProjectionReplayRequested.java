package dev.colloquy.kernel.readmodel;

import org.axonframework.serialization.Revision;

/** A platform admin had a read model rebuilt from the event store; kept so operations on data are audited too. */
@Revision("1")
public record ProjectionReplayRequested(String projection, String requestedBy) {
}
