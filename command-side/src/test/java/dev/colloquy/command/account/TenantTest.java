package dev.colloquy.command.account;

import dev.colloquy.command.plan.Plan;
import dev.colloquy.command.plan.Plans;
import dev.colloquy.kernel.account.ChangeTenantPlan;
import dev.colloquy.kernel.account.CreateTenant;
import dev.colloquy.kernel.account.GuardPolicySet;
import dev.colloquy.kernel.account.SetGuardPolicy;
import dev.colloquy.kernel.account.TenantCreated;
import dev.colloquy.kernel.account.TenantPlanChanged;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.quota.QuotaLimits;
import dev.colloquy.kernel.quota.SetTenantBudget;
import dev.colloquy.kernel.quota.SetTenantQuotas;
import dev.colloquy.kernel.quota.TenantBudgetSet;
import dev.colloquy.kernel.quota.TenantQuotasSet;
import java.math.BigDecimal;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TenantTest {
    FixtureConfiguration<Tenant> fixture;

    @BeforeEach
    void setUp() {
        fixture = fixture();
    }

    /** A tenant's fixture, with the plans free (the default) and pro; shared by the tenant's other tests. */
    static FixtureConfiguration<Tenant> fixture() {
        FixtureConfiguration<Tenant> fixture = new AggregateTestFixture<>(Tenant.class);
        fixture.registerInjectableResource(new Plans(List.of(new Plan("free", List.of("m"), 100),
                new Plan("pro", List.of("m"), 100)), "free"));
        return fixture;
    }

    @Test
    void aTenantStartsOnAConfiguredPlan() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant("acme", " Acme ", "pro"))
                .expectEvents(new TenantCreated("acme", "Acme", "pro"));
        fixture.givenNoPriorActivity()
                .when(new CreateTenant("acme", "Acme", "platinum"))
                .expectException(ColloquyException.class).expectNoEvents();
    }

    @Test
    void aPlanChangeIsRecordedOnlyWhenItChangesSomething() {
        fixture.given(new TenantCreated("acme", "Acme", "pro"))
                .when(new ChangeTenantPlan("acme", "free"))
                .expectEvents(new TenantPlanChanged("acme", "free"));
        fixture.given(new TenantCreated("acme", "Acme", "pro"))
                .when(new ChangeTenantPlan("acme", "pro"))
                .expectNoEvents();
    }

    @Test
    void guardPoliciesAreValidatedAndNormalised() {
        fixture.given(new TenantCreated("acme", "Acme", "pro"))
                .when(new SetGuardPolicy("acme", "block", List.of("phone", "email", "email")))
                .expectEvents(new GuardPolicySet("acme", "block", List.of("email", "phone")));
        fixture.given(new TenantCreated("acme", "Acme", "pro"))
                .when(new SetGuardPolicy("acme", "shrug", List.of()))
                .expectException(ColloquyException.class).expectNoEvents();
        fixture.given(new TenantCreated("acme", "Acme", "pro"))
                .when(new SetGuardPolicy("acme", "flag", List.of("ssn")))
                .expectException(ColloquyException.class).expectNoEvents();
    }

    @Test
    void quotaOverridesAndTheBudgetAreRecordedOnlyWhenTheyChange() {
        QuotaLimits overrides = new QuotaLimits(null, 500L, null, null, null, null);
        QuotaLimits budget = new QuotaLimits(null, null, null, null, null, new BigDecimal("500.00"));
        fixture.given(new TenantCreated("acme", "Acme", "pro"))
                .when(new SetTenantQuotas("acme", overrides))
                .expectEvents(new TenantQuotasSet("acme", overrides));
        fixture.given(new TenantCreated("acme", "Acme", "pro"), new TenantQuotasSet("acme", overrides))
                .when(new SetTenantBudget("acme", budget))
                .expectEvents(new TenantBudgetSet("acme", budget));
        fixture.given(new TenantCreated("acme", "Acme", "pro"), new TenantBudgetSet("acme", budget))
                .when(new SetTenantBudget("acme", budget))
                .expectNoEvents();
        fixture.given(new TenantCreated("acme", "Acme", "pro"), new TenantBudgetSet("acme", budget))
                .when(new SetTenantBudget("acme", null))
                .expectEvents(new TenantBudgetSet("acme", QuotaLimits.NONE));
    }
}
