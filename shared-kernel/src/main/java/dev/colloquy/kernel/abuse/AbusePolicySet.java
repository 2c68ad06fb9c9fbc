package dev.colloquy.kernel.abuse;

import org.axonframework.serialization.Revision;

@Revision("1")
public record AbusePolicySet(String tenantId, int threshold, String action) {
}
