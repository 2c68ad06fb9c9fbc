package dev.colloquy.command.account;

import dev.colloquy.command.plan.Plan;
import dev.colloquy.command.plan.Plans;
import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.EntityId;
import dev.colloquy.kernel.account.AssignRoles;
import dev.colloquy.kernel.account.AssignUserPlan;
import dev.colloquy.kernel.account.ChangeTenantPlan;
import dev.colloquy.kernel.account.CreateTenant;
import dev.colloquy.kernel.account.DisableUser;
import dev.colloquy.kernel.account.EnableUser;
import dev.colloquy.kernel.account.RegisterUser;
import dev.colloquy.kernel.account.RevokeApiKey;
import dev.colloquy.kernel.account.Role;
import dev.colloquy.kernel.account.SetGuardPolicy;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administration of tenants (platform admins) and of a tenant's users, plans and guards (its tenant admins).
 * Which role may call what is declared in the access policy; this class keeps a tenant admin inside their tenant
 * and below platform admin.
 */
@RestController
@RequestMapping("/api/v1/admin")
public class AccountAdminController {
    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    private final CommandGateway commands;
    private final AccountDirectory directory;
    private final PasswordEncoder passwords;
    private final Plans plans;

    public AccountAdminController(CommandGateway commands, AccountDirectory directory, PasswordEncoder passwords,
                                  Plans plans) {
        this.commands = commands;
        this.directory = directory;
        this.passwords = passwords;
        this.plans = plans;
    }

    public record NewTenant(String tenantId, String name, String plan) {
    }

    public record PlanChange(String plan) {
    }

    public record NewUser(String username, String password, List<String> roles, String plan) {
    }

    public record RolesChange(List<String> roles) {
    }

    public record GuardPolicyChange(String injectionPolicy, List<String> redactedPii) {
    }

    @PostMapping("/tenants")
    public ResponseEntity<Map<String, String>> createTenant(@RequestBody NewTenant request) {
        if (request.tenantId() == null || !TENANT_ID.matcher(request.tenantId()).matches()) {
            throw ColloquyException.invalid("tenantId", "tenantId must be 2-63 lowercase letters, digits or dashes");
        }
        if (directory.tenantExists(request.tenantId())) {
            throw new ColloquyException(ErrorCode.CONFLICT, "tenant " + request.tenantId() + " exists");
        }
        commands.sendAndWait(new CreateTenant(request.tenantId(), request.name(), request.plan()));
        return ResponseEntity.created(URI.create("/api/v1/admin/tenants/" + request.tenantId()))
                .body(Map.of("tenantId", request.tenantId()));
    }

    @GetMapping("/tenants")
    public List<AccountDirectory.TenantEntry> tenants() {
        return directory.tenants();
    }

    @PatchMapping("/tenants/{tenantId}")
    public Map<String, String> changeTenantPlan(@PathVariable String tenantId, @RequestBody PlanChange request) {
        requireTenant(tenantId);
        commands.sendAndWait(new ChangeTenantPlan(tenantId, request.plan()));
        return Map.of("tenantId", tenantId, "plan", request.plan());
    }

    /** How a platform admin gives a new tenant its first administrator. */
    @PostMapping("/tenants/{tenantId}/users")
    public ResponseEntity<Map<String, String>> createUserIn(Caller caller, @PathVariable String tenantId,
                                                            @RequestBody NewUser request) {
        requireTenant(tenantId);
        return register(caller, tenantId, request);
    }

    @GetMapping("/plans")
    public List<Plan> plans() {
        return plans.all();
    }

    @GetMapping("/guard-policy")
    public GuardPolicy guardPolicy(Caller caller) {
        return directory.guardPolicy(caller.tenantId());
    }

    @PutMapping("/guard-policy")
    public GuardPolicy setGuardPolicy(Caller caller, @RequestBody GuardPolicyChange request) {
        commands.sendAndWait(new SetGuardPolicy(caller.tenantId(), request.injectionPolicy(),
                request.redactedPii()));
        return directory.guardPolicy(caller.tenantId());
    }

    @GetMapping("/users")
    public List<AccountDirectory.UserEntry> users(Caller caller) {
        return directory.users(caller.tenantId());
    }

    @PostMapping("/users")
    public ResponseEntity<Map<String, String>> createUser(Caller caller, @RequestBody NewUser request) {
        return register(caller, caller.tenantId(), request);
    }

    @PostMapping("/users/{userId}/disable")
    public Map<String, Object> disable(Caller caller, @PathVariable String userId) {
        String user = EntityId.parse(userId, "userId");
        if (user.equals(caller.userId())) {
            throw ColloquyException.invalid("userId", "you cannot disable yourself");
        }
        commands.sendAndWait(new DisableUser(user, caller.tenantId()));
        return Map.of("userId", user, "disabled", true);
    }

    @PostMapping("/users/{userId}/enable")
    public Map<String, Object> enable(Caller caller, @PathVariable String userId) {
        String user = EntityId.parse(userId, "userId");
        commands.sendAndWait(new EnableUser(user, caller.tenantId()));
        return Map.of("userId", user, "disabled", false);
    }

    @PutMapping("/users/{userId}/roles")
    public Map<String, Object> assignRoles(Caller caller, @PathVariable String userId,
                                           @RequestBody RolesChange request) {
        String user = EntityId.parse(userId, "userId");
        requireGrantable(caller, request.roles());
        commands.sendAndWait(new AssignRoles(user, caller.tenantId(), request.roles()));
        return Map.of("userId", user, "roles", request.roles());
    }

    @PutMapping("/users/{userId}/plan")
    public Map<String, Object> assignPlan(Caller caller, @PathVariable String userId,
                                          @RequestBody PlanChange request) {
        String user = EntityId.parse(userId, "userId");
        commands.sendAndWait(new AssignUserPlan(user, caller.tenantId(), request.plan()));
        return Map.of("userId", user, "plan", request.plan() == null ? "(tenant's)" : request.plan());
    }

    @DeleteMapping("/users/{userId}/api-keys/{keyId}")
    public ResponseEntity<Void> revokeKey(Caller caller, @PathVariable String userId, @PathVariable String keyId) {
        commands.sendAndWait(new RevokeApiKey(EntityId.parse(userId, "userId"), caller.tenantId(),
                EntityId.parse(keyId, "keyId")));
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<Map<String, String>> register(Caller caller, String tenantId, NewUser request) {
        requireGrantable(caller, request.roles());
        AccountRules.requirePassword(request.password());
        AccountRules.requireUsername(request.username());
        if (directory.findLogin(request.username()).isPresent()) {
            throw new ColloquyException(ErrorCode.CONFLICT, "username taken", Map.of("field", "username"));
        }
        String userId = EntityId.random();
        commands.sendAndWait(new RegisterUser(userId, tenantId, request.username(),
                passwords.encode(request.password()), request.roles(), request.plan()));
        return ResponseEntity.created(URI.create("/api/v1/admin/users/" + userId)).body(Map.of("userId", userId));
    }

    /** Only a platform admin makes platform admins; a tenant admin could otherwise escape their tenant. */
    private static void requireGrantable(Caller caller, List<String> roles) {
        if (roles != null && roles.contains(Role.PLATFORM_ADMIN.wire()) && !caller.has(Role.PLATFORM_ADMIN)) {
            throw new ColloquyException(ErrorCode.FORBIDDEN, "only a platform admin can grant platform-admin");
        }
    }

    private void requireTenant(String tenantId) {
        if (!directory.tenantExists(tenantId)) {
            throw ColloquyException.notFound("tenant");
        }
    }
}
