package dev.colloquy.kernel.account;

import dev.colloquy.kernel.privacy.PersonalData;
import dev.colloquy.kernel.privacy.PersonalDataScope;
import java.util.List;
import org.axonframework.serialization.Revision;

@Revision("1")
public record UserRegistered(
        @PersonalDataScope(subject = "userId", tenant = "tenantId", kind = "profile") String userId,
        String tenantId, @PersonalData String username, String passwordHash, List<String> roles, String plan) {
    /** Without the hash: events end up in logs when a handler fails. */
    @Override
    public String toString() {
        return "UserRegistered[userId=" + userId + ", tenantId=" + tenantId + ", username=" + username + ", roles="
                + roles + ", plan=" + plan + "]";
    }
}
