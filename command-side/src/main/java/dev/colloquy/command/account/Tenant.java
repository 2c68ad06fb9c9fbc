package dev.colloquy.command.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.colloquy.command.plan.Plans;
import dev.colloquy.kernel.abuse.AbusePolicySet;
import dev.colloquy.kernel.abuse.SetAbusePolicy;
import dev.colloquy.kernel.account.ChangeTenantPlan;
import dev.colloquy.kernel.account.CreateTenant;
import dev.colloquy.kernel.account.GuardPolicySet;
import dev.colloquy.kernel.account.SetGuardPolicy;
import dev.colloquy.kernel.account.TenantCreated;
import dev.colloquy.kernel.account.TenantPlanChanged;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.privacy.RetentionPolicySet;
import dev.colloquy.kernel.privacy.SetRetentionPolicy;
import dev.colloquy.kernel.quota.QuotaLimits;
import dev.colloquy.kernel.quota.SetTenantBudget;
import dev.colloquy.kernel.quota.SetTenantQuotas;
import dev.colloquy.kernel.quota.TenantBudgetSet;
import dev.colloquy.kernel.quota.TenantQuotasSet;
import java.util.List;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** A customer organisation: its plan, its guard policies and its abuse policy. Created by a platform admin. */
@Aggregate
public class Tenant {
    @AggregateIdentifier
    private String id;
    private String plan;
    private String injectionPolicy;
    private List<String> redactedPii;
    private QuotaLimits quotaOverrides = QuotaLimits.NONE;
    private QuotaLimits budget = QuotaLimits.NONE;
    private AbusePolicy abusePolicy;
    private Integer retentionDays;

    protected Tenant() {
        // Axon rebuilds the aggregate from its events.
    }

    @CommandHandler
    public Tenant(CreateTenant command, Plans plans) {
        plans.require(command.plan());
        AccountRules.requireText("name", command.name(), 200);
        apply(new TenantCreated(command.tenantId(), command.name().strip(), command.plan()));
    }

    @CommandHandler
    public void handle(ChangeTenantPlan command, Plans plans) {
        plans.require(command.plan());
        if (!command.plan().equals(plan)) {
            apply(new TenantPlanChanged(id, command.plan()));
        }
    }

    @CommandHandler
    public void handle(SetGuardPolicy command) {
        GuardPolicy policy = GuardPolicy.of(command.injectionPolicy(), command.redactedPii());
        if (!policy.injectionPolicy().equals(injectionPolicy) || !policy.redactedPii().equals(redactedPii)) {
            apply(new GuardPolicySet(id, policy.injectionPolicy(), policy.redactedPii()));
        }
    }

    @CommandHandler
    public void handle(SetTenantQuotas command) {
        QuotaLimits overrides = command.overrides() == null ? QuotaLimits.NONE : command.overrides();
        if (!overrides.equals(quotaOverrides)) {
            apply(new TenantQuotasSet(id, overrides));
        }
    }

    @CommandHandler
    public void handle(SetTenantBudget command) {
        QuotaLimits limits = command.budget() == null ? QuotaLimits.NONE : command.budget();
        if (!limits.equals(budget)) {
            apply(new TenantBudgetSet(id, limits));
        }
    }

    @CommandHandler
    public void handle(SetAbusePolicy command) {
        AbusePolicy policy = AbusePolicy.of(command.threshold(), command.action());
        if (!policy.equals(abusePolicy)) {
            apply(new AbusePolicySet(id, policy.threshold(), policy.action()));
        }
    }

    /** 0 keeps conversations for ever; null returns the tenant to the platform's default. */
    @CommandHandler
    public void handle(SetRetentionPolicy command) {
        Integer days = command.conversationDays();
        if (days != null && (days < 0 || days > 36_500)) {
            throw ColloquyException.invalid("conversationDays", "conversationDays must be between 0 and 36500");
        }
        if (!Objects.equals(days, retentionDays)) {
            apply(new RetentionPolicySet(id, days));
        }
    }

    @EventSourcingHandler
    void on(TenantCreated event) {
        id = event.tenantId();
        plan = event.plan();
        injectionPolicy = GuardPolicy.DEFAULT.injectionPolicy();
        redactedPii = GuardPolicy.DEFAULT.redactedPii();
    }

    @EventSourcingHandler
    void on(TenantPlanChanged event) {
        plan = event.plan();
    }

    @EventSourcingHandler
    void on(GuardPolicySet event) {
        injectionPolicy = event.injectionPolicy();
        redactedPii = List.copyOf(Objects.requireNonNullElse(event.redactedPii(), List.of()));
    }

    @EventSourcingHandler
    void on(TenantQuotasSet event) {
        quotaOverrides = event.overrides();
    }

    @EventSourcingHandler
    void on(RetentionPolicySet event) {
        retentionDays = event.conversationDays();
    }

    @EventSourcingHandler
    void on(TenantBudgetSet event) {
        budget = event.budget();
    }

    @EventSourcingHandler
    void on(AbusePolicySet event) {
        abusePolicy = new AbusePolicy(event.threshold(), event.action());
    }
}
