package dev.colloquy.command.account;

import dev.colloquy.kernel.account.TenantCreated;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.privacy.RetentionPolicySet;
import dev.colloquy.kernel.privacy.SetRetentionPolicy;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TenantRetentionTest {
    FixtureConfiguration<Tenant> fixture;

    @BeforeEach
    void setUp() {
        fixture = TenantTest.fixture();
    }

    @Test
    void aTenantSetsItsOwnRetention() {
        fixture.given(new TenantCreated("acme", "Acme", "pro"))
                .when(new SetRetentionPolicy("acme", 30))
                .expectEvents(new RetentionPolicySet("acme", 30));
    }

    @Test
    void zeroKeepsForEverAndNullReturnsToTheDefault() {
        fixture.given(new TenantCreated("acme", "Acme", "pro"))
                .when(new SetRetentionPolicy("acme", 0))
                .expectEvents(new RetentionPolicySet("acme", 0));
        fixture.given(new TenantCreated("acme", "Acme", "pro"), new RetentionPolicySet("acme", 30))
                .when(new SetRetentionPolicy("acme", null))
                .expectEvents(new RetentionPolicySet("acme", null));
    }

    @Test
    void theSameRetentionAgainRecordsNothing() {
        fixture.given(new TenantCreated("acme", "Acme", "pro"), new RetentionPolicySet("acme", 30))
                .when(new SetRetentionPolicy("acme", 30))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(new TenantCreated("acme", "Acme", "pro"))
                .when(new SetRetentionPolicy("acme", null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aNegativeRetentionIsRefused() {
        fixture.given(new TenantCreated("acme", "Acme", "pro"))
                .when(new SetRetentionPolicy("acme", -1))
                .expectException(ColloquyException.class)
                .expectNoEvents();
    }
}
