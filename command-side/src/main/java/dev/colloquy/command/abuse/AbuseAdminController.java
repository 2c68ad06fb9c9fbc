package dev.colloquy.command.abuse;

import dev.colloquy.command.account.AbusePolicy;
import dev.colloquy.command.account.AccountDirectory;
import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.EntityId;
import dev.colloquy.kernel.abuse.LiftRestriction;
import dev.colloquy.kernel.abuse.RestrictUser;
import dev.colloquy.kernel.abuse.RestrictionMode;
import dev.colloquy.kernel.abuse.SetAbusePolicy;
import dev.colloquy.kernel.error.ColloquyException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant admin's side of abuse handling: the tenant's policy (threshold and action), and suspending,
 * throttling or reinstating one of the tenant's users by hand. Another tenant's user answers 404.
 */
@RestController
@RequestMapping("/api/v1/admin")
public class AbuseAdminController {
    private final CommandGateway commands;
    private final AccountDirectory directory;
    private final AbusePolicy defaults;

    public AbuseAdminController(CommandGateway commands, AccountDirectory directory, AbusePolicy defaults) {
        this.commands = commands;
        this.directory = directory;
        this.defaults = defaults;
    }

    public record PolicyChange(Integer threshold, String action) {
    }

    /** {@code reason} is shown to the user with every refusal; optional. */
    public record RestrictionRequest(String reason) {
    }

    @GetMapping("/abuse-policy")
    public Map<String, Object> policy(Caller caller) {
        return describe(caller.tenantId());
    }

    @PutMapping("/abuse-policy")
    public Map<String, Object> setPolicy(Caller caller, @RequestBody PolicyChange request) {
        commands.sendAndWait(new SetAbusePolicy(caller.tenantId(), request.threshold(), request.action()));
        return describe(caller.tenantId());
    }

    @PostMapping("/users/{userId}/suspend")
    public Map<String, Object> suspend(Caller caller, @PathVariable String userId,
                                       @RequestBody(required = false) RestrictionRequest request) {
        return restrict(caller, userId, RestrictionMode.SUSPENDED, request);
    }

    @PostMapping("/users/{userId}/throttle")
    public Map<String, Object> throttle(Caller caller, @PathVariable String userId,
                                        @RequestBody(required = false) RestrictionRequest request) {
        return restrict(caller, userId, RestrictionMode.THROTTLED, request);
    }

    @PostMapping("/users/{userId}/reinstate")
    public Map<String, Object> reinstate(Caller caller, @PathVariable String userId) {
        String user = EntityId.parse(userId, "userId");
        commands.sendAndWait(new LiftRestriction(user, caller.tenantId()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", user);
        body.put("restriction", null);
        return body;
    }

    private Map<String, Object> restrict(Caller caller, String userId, RestrictionMode mode,
                                         RestrictionRequest request) {
        String user = EntityId.parse(userId, "userId");
        if (user.equals(caller.userId())) {
            throw ColloquyException.invalid("userId", "you cannot restrict yourself");
        }
        String reason = request == null || request.reason() == null || request.reason().isBlank()
                ? mode.wireName() + " by a tenant administrator" : request.reason();
        commands.sendAndWait(new RestrictUser(user, caller.tenantId(), mode, reason, null, null));
        return Map.of("userId", user, "restriction", mode.wireName(), "reason", reason.strip());
    }

    private Map<String, Object> describe(String tenantId) {
        Optional<AbusePolicy> own = directory.abusePolicy(tenantId);
        AbusePolicy policy = own.orElse(defaults);
        return Map.of("threshold", policy.threshold(), "action", policy.action(), "default", own.isEmpty());
    }
}
