package dev.colloquy.command.privacy;

import dev.colloquy.command.account.AccountDirectory;
import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.EntityId;
import dev.colloquy.kernel.account.Role;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import dev.colloquy.kernel.privacy.RequestErasure;
import dev.colloquy.kernel.privacy.SetRetentionPolicy;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Erasure requests (a user for themselves, a tenant admin for a user of their tenant) and their status, and a
 * tenant's retention of conversations. Another tenant's user or request is "not found", as if it did not exist.
 */
@RestController
public class PrivacyController {
    private final CommandGateway commands;
    private final AccountDirectory directory;
    private final ErasureRequests requests;
    private final RetentionJob retention;

    public PrivacyController(CommandGateway commands, AccountDirectory directory, ErasureRequests requests,
                             RetentionJob retention) {
        this.commands = commands;
        this.directory = directory;
        this.requests = requests;
        this.retention = retention;
    }

    /** {@code userId} absent or the caller's own: the caller's erasure; another user's: tenant admins only. */
    public record ErasureRequest(String userId) {
    }

    public record RetentionChange(Integer conversationDays) {
    }

    @PostMapping("/api/v1/privacy/erasure")
    public ResponseEntity<Map<String, Object>> requestErasure(Caller caller, @RequestBody(required = false)
                                                              ErasureRequest request) {
        String userId = request == null || request.userId() == null ? caller.userId()
                : EntityId.parse(request.userId(), "userId");
        if (!userId.equals(caller.userId())) {
            if (!caller.has(Role.TENANT_ADMIN)) {
                throw new ColloquyException(ErrorCode.FORBIDDEN, "only a tenant admin may request another user's "
                        + "erasure");
            }
            if (!directory.tenantOf(userId).map(caller.tenantId()::equals).orElse(false)) {
                throw ColloquyException.notFound("user");
            }
        }
        String requestId = EntityId.random();
        commands.sendAndWait(new RequestErasure(userId, caller.tenantId(), requestId, caller.userId()));
        return ResponseEntity.accepted().location(URI.create("/api/v1/privacy/erasure/" + requestId))
                .body(Map.of("requestId", requestId, "userId", userId, "status", ErasureRequests.Status.PENDING));
    }

    /** For whoever asked, whom it is about, and the tenant's admins. */
    @GetMapping("/api/v1/privacy/erasure/{requestId}")
    public ErasureRequests.ErasureStatus erasureStatus(Caller caller, @PathVariable String requestId) {
        return requests.find(EntityId.parse(requestId, "requestId"))
                .filter(status -> status.tenantId().equals(caller.tenantId()))
                .filter(status -> caller.userId().equals(status.requestedBy())
                        || caller.userId().equals(status.userId())
                        || caller.has(Role.TENANT_ADMIN))
                .orElseThrow(() -> ColloquyException.notFound("erasure request"));
    }

    @GetMapping("/api/v1/admin/retention")
    public Map<String, Object> retention(Caller caller) {
        Integer own = directory.retention().stream().filter(t -> t.tenantId().equals(caller.tenantId()))
                .findFirst().map(AccountDirectory.TenantRetention::conversationDays).orElse(null);
        Map<String, Object> body = new HashMap<>();
        body.put("tenantId", caller.tenantId());
        body.put("conversationDays", own);
        body.put("effectiveConversationDays", own == null ? retention.defaultDays() : own);
        return body;
    }

    @PutMapping("/api/v1/admin/retention")
    public Map<String, Object> setRetention(Caller caller, @RequestBody RetentionChange change) {
        commands.sendAndWait(new SetRetentionPolicy(caller.tenantId(), change.conversationDays()));
        return retention(caller);
    }
}
