package dev.colloquy.command.quota;

import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.EntityId;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.quota.QuotaLimits;
import dev.colloquy.kernel.quota.SetTenantBudget;
import dev.colloquy.kernel.quota.SetTenantQuotas;
import dev.colloquy.kernel.quota.SetUserQuotas;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Quota overrides: a platform admin sets a tenant's (which replace the plan's, up or down) and its budget (what
 * all its users together may consume), a tenant admin a user's (which can only lower the tenant's). A field
 * left out (null) keeps the value from the level below; an empty body removes every override.
 */
@RestController
@RequestMapping("/api/v1/admin")
public class QuotaAdminController {
    private final CommandGateway commands;

    public QuotaAdminController(CommandGateway commands) {
        this.commands = commands;
    }

    @PutMapping("/tenants/{tenantId}/quotas")
    public QuotaLimits setTenantQuotas(@PathVariable String tenantId, @RequestBody QuotaLimits overrides) {
        commands.sendAndWait(new SetTenantQuotas(tenantId, valid(overrides)));
        return overrides;
    }

    @PutMapping("/tenants/{tenantId}/budget")
    public QuotaLimits setTenantBudget(@PathVariable String tenantId, @RequestBody QuotaLimits budget) {
        commands.sendAndWait(new SetTenantBudget(tenantId, valid(budget)));
        return budget;
    }

    @PutMapping("/users/{userId}/quotas")
    public QuotaLimits setUserQuotas(Caller caller, @PathVariable String userId, @RequestBody QuotaLimits overrides) {
        commands.sendAndWait(new SetUserQuotas(EntityId.parse(userId, "userId"), caller.tenantId(), valid(overrides)));
        return overrides;
    }

    private static QuotaLimits valid(QuotaLimits overrides) {
        if (overrides == null) {
            throw ColloquyException.invalid("body", "send the overrides as JSON ({} removes them all)");
        }
        return overrides;
    }
}
