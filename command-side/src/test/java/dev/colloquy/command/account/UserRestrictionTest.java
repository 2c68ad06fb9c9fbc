package dev.colloquy.command.account;

import dev.colloquy.kernel.abuse.LiftRestriction;
import dev.colloquy.kernel.abuse.RestrictUser;
import dev.colloquy.kernel.abuse.RestrictionMode;
import dev.colloquy.kernel.abuse.UserRestricted;
import dev.colloquy.kernel.abuse.UserRestrictionLifted;
import dev.colloquy.kernel.error.ColloquyException;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules of suspending, throttling and reinstating a user, by a tenant admin and by the abuse policy. */
class UserRestrictionTest {
    static final String USER = UserAccountTest.USER;
    static final String TENANT = UserAccountTest.TENANT;
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    AggregateTestFixture<UserAccount> fixture;

    @BeforeEach
    void setUp() {
        fixture = UserAccountTest.fixture();
    }

    static RestrictUser byPolicy(RestrictionMode mode, Instant evidenceAt) {
        return new RestrictUser(USER, TENANT, mode, "abuse score 85: regularity, repetition", 85, evidenceAt);
    }

    static RestrictUser byAdmin(RestrictionMode mode) {
        return new RestrictUser(USER, TENANT, mode, " spamming ", null, null);
    }

    @Test
    void thePolicyRestrictsAnUnrestrictedUserOnce() {
        fixture.givenCurrentTime(T0).andGiven(UserAccountTest.registered())
                .when(byPolicy(RestrictionMode.THROTTLED, T0.plusSeconds(5)))
                .expectEvents(new UserRestricted(USER, TENANT, RestrictionMode.THROTTLED,
                        "abuse score 85: regularity, repetition", 85, true));
        fixture.givenCurrentTime(T0).andGiven(UserAccountTest.registered(),
                        new UserRestricted(USER, TENANT, RestrictionMode.THROTTLED, "x", 85, true))
                .when(byPolicy(RestrictionMode.SUSPENDED, T0.plusSeconds(5)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void thePolicyIgnoresEvidenceFromBeforeTheLastReinstatement() {
        fixture.givenCurrentTime(T0).andGiven(UserAccountTest.registered(),
                        new UserRestricted(USER, TENANT, RestrictionMode.THROTTLED, "x", 85, true),
                        new UserRestrictionLifted(USER, TENANT, RestrictionMode.THROTTLED))
                .when(byPolicy(RestrictionMode.THROTTLED, T0.minus(Duration.ofMinutes(1))))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.givenCurrentTime(T0).andGiven(UserAccountTest.registered(),
                        new UserRestricted(USER, TENANT, RestrictionMode.THROTTLED, "x", 85, true),
                        new UserRestrictionLifted(USER, TENANT, RestrictionMode.THROTTLED))
                .when(byPolicy(RestrictionMode.THROTTLED, T0.plus(Duration.ofMinutes(1))))
                .expectEvents(new UserRestricted(USER, TENANT, RestrictionMode.THROTTLED,
                        "abuse score 85: regularity, repetition", 85, true));
    }

    @Test
    void anAdminMayEscalateAThrottleToASuspensionButNotRepeatIt() {
        fixture.givenCurrentTime(T0).andGiven(UserAccountTest.registered(),
                        new UserRestricted(USER, TENANT, RestrictionMode.THROTTLED, "x", 85, true))
                .when(byAdmin(RestrictionMode.SUSPENDED))
                .expectEvents(new UserRestricted(USER, TENANT, RestrictionMode.SUSPENDED, "spamming", null, false));
        fixture.givenCurrentTime(T0).andGiven(UserAccountTest.registered(),
                        new UserRestricted(USER, TENANT, RestrictionMode.SUSPENDED, "spamming", null, false))
                .when(byAdmin(RestrictionMode.SUSPENDED))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void liftingNamesTheModeLiftedAndIsANoOpForAnUnrestrictedUser() {
        fixture.givenCurrentTime(T0).andGiven(UserAccountTest.registered(),
                        new UserRestricted(USER, TENANT, RestrictionMode.SUSPENDED, "spamming", null, false))
                .when(new LiftRestriction(USER, TENANT))
                .expectEvents(new UserRestrictionLifted(USER, TENANT, RestrictionMode.SUSPENDED));
        fixture.givenCurrentTime(T0).andGiven(UserAccountTest.registered())
                .when(new LiftRestriction(USER, TENANT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anotherTenantsAdminFindsNoSuchUserAndAReasonIsRequired() {
        fixture.givenCurrentTime(T0).andGiven(UserAccountTest.registered())
                .when(new RestrictUser(USER, "globex", RestrictionMode.SUSPENDED, "x", null, null))
                .expectException(ColloquyException.class)
                .expectExceptionMessage("user not found");
        fixture.givenCurrentTime(T0).andGiven(UserAccountTest.registered(),
                        new UserRestricted(USER, TENANT, RestrictionMode.SUSPENDED, "spamming", null, false))
                .when(new LiftRestriction(USER, "globex"))
                .expectException(ColloquyException.class);
        fixture.givenCurrentTime(T0).andGiven(UserAccountTest.registered())
                .when(new RestrictUser(USER, TENANT, RestrictionMode.SUSPENDED, " ", null, null))
                .expectException(ColloquyException.class)
                .expectNoEvents();
    }
}
