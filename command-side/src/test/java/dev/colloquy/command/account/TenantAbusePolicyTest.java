package dev.colloquy.command.account;

import dev.colloquy.kernel.abuse.AbusePolicySet;
import dev.colloquy.kernel.abuse.SetAbusePolicy;
import dev.colloquy.kernel.account.TenantCreated;
import dev.colloquy.kernel.error.ColloquyException;
import java.util.List;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TenantAbusePolicyTest {
    FixtureConfiguration<Tenant> fixture;

    @BeforeEach
    void setUp() {
        fixture = TenantTest.fixture();
    }

    @Test
    void aTenantSetsItsThresholdAndActionOnceUntilTheyChange() {
        fixture.given(new TenantCreated("acme", "Acme", "pro"))
                .when(new SetAbusePolicy("acme", 70, "suspend"))
                .expectEvents(new AbusePolicySet("acme", 70, "suspend"));
        fixture.given(new TenantCreated("acme", "Acme", "pro"), new AbusePolicySet("acme", 70, "suspend"))
                .when(new SetAbusePolicy("acme", 70, "suspend"))
                .expectNoEvents();
        fixture.given(new TenantCreated("acme", "Acme", "pro"), new AbusePolicySet("acme", 70, "suspend"))
                .when(new SetAbusePolicy("acme", 70, "flag-only"))
                .expectEvents(new AbusePolicySet("acme", 70, "flag-only"));
    }

    @Test
    void anUnknownActionOrAThresholdOutside1To100IsRefused() {
        for (SetAbusePolicy wrong : List.of(new SetAbusePolicy("acme", 70, "ban"),
                new SetAbusePolicy("acme", 0, "throttle"), new SetAbusePolicy("acme", 101, "throttle"),
                new SetAbusePolicy("acme", null, "throttle"))) {
            fixture.given(new TenantCreated("acme", "Acme", "pro"))
                    .when(wrong)
                    .expectException(ColloquyException.class)
                    .expectNoEvents();
        }
    }
}
