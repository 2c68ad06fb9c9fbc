package dev.colloquy.kernel.account;

import java.util.List;
import org.axonframework.serialization.Revision;

@Revision("1")
public record RolesAssigned(String userId, String tenantId, List<String> roles) {
}
