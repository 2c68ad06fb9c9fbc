package dev.colloquy.kernel.account;

import java.util.List;
import org.axonframework.serialization.Revision;

@Revision("1")
public record UserRegistered(String userId, String tenantId, String username, String passwordHash,
                             List<String> roles, String plan) {
}
