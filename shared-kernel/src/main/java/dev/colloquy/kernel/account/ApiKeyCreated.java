package dev.colloquy.kernel.account;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

@Revision("1")
public record ApiKeyCreated(String userId, String tenantId, String keyId, String name, List<String> scopes,
                            Instant expiresAt, String secretHash) {
}
