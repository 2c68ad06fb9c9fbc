package dev.colloquy.kernel.account;

import java.util.List;
import org.axonframework.serialization.Revision;

@Revision("1")
public record GuardPolicySet(String tenantId, String injectionPolicy, List<String> redactedPii) {
}
