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
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TenantTest {
    FixtureConfiguration<Tenant> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Tenant.class);
        fixture.registerInjectableResource(new Plans(List.of(new Plan("free", List.of("m"), 100),
                new Plan("pro", List.of("m"), 100)), "free"));
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
}
