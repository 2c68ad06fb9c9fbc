package dev.colloquy.command.account;

import dev.colloquy.command.plan.Plan;
import dev.colloquy.command.plan.Plans;
import dev.colloquy.kernel.account.AccountLocked;
import dev.colloquy.kernel.account.ApiKeyCreated;
import dev.colloquy.kernel.account.ApiKeyRevoked;
import dev.colloquy.kernel.account.AssignRoles;
import dev.colloquy.kernel.account.AttemptLogin;
import dev.colloquy.kernel.account.ChangePassword;
import dev.colloquy.kernel.account.CreateApiKey;
import dev.colloquy.kernel.account.DisableUser;
import dev.colloquy.kernel.account.EnableUser;
import dev.colloquy.kernel.account.LoginFailed;
import dev.colloquy.kernel.account.LoginOutcome;
import dev.colloquy.kernel.account.LoginSucceeded;
import dev.colloquy.kernel.account.PasswordChanged;
import dev.colloquy.kernel.account.RegisterUser;
import dev.colloquy.kernel.account.ResetPassword;
import dev.colloquy.kernel.account.RevokeApiKey;
import dev.colloquy.kernel.account.RolesAssigned;
import dev.colloquy.kernel.account.UserDisabled;
import dev.colloquy.kernel.account.UserEnabled;
import dev.colloquy.kernel.account.UserRegistered;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.quota.QuotaExceeded;
import dev.colloquy.kernel.quota.QuotaLimit;
import dev.colloquy.kernel.quota.QuotaLimits;
import dev.colloquy.kernel.quota.QuotaScope;
import dev.colloquy.kernel.quota.QuotaSoftLimitReached;
import dev.colloquy.kernel.quota.RecordQuotaRefusal;
import dev.colloquy.kernel.quota.RecordQuotaWarning;
import dev.colloquy.kernel.quota.SetUserQuotas;
import dev.colloquy.kernel.quota.UserQuotasSet;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class UserAccountTest {
    static final String USER = "11111111-1111-1111-1111-111111111111";
    static final String TENANT = "acme";
    static final BCryptPasswordEncoder PASSWORDS = new BCryptPasswordEncoder(4);
    static final String HASH = PASSWORDS.encode("correct horse battery");

    AggregateTestFixture<UserAccount> fixture;

    @BeforeEach
    void setUp() {
        fixture = fixture();
    }

    /** An account's fixture: fast password hashing, the login policy, plans free (the default) and pro. */
    static AggregateTestFixture<UserAccount> fixture() {
        AggregateTestFixture<UserAccount> fixture = new AggregateTestFixture<>(UserAccount.class);
        fixture.registerInjectableResource(PASSWORDS);
        fixture.registerInjectableResource(new Plans(List.of(new Plan("free", List.of("m"), 100),
                new Plan("pro", List.of("m"), 100)), "free"));
        return fixture;
    }

    static UserRegistered registered() {
        return new UserRegistered(USER, TENANT, "alice@acme.test", HASH, List.of("member"), null);
    }

    static LoginFailed wrong() {
        return new LoginFailed(USER, TENANT, LoginOutcome.WRONG_PASSWORD.name());
    }

    @Test
    void registeringKeepsTheCanonicalUsernameAndSortedRoles() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUser(USER, TENANT, " Alice@ACME.test ", HASH, List.of("member", "auditor"), null))
                .expectEvents(new UserRegistered(USER, TENANT, "alice@acme.test", HASH, List.of("auditor", "member"),
                        null));
    }

    @Test
    void anUnknownRoleOrPlanIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUser(USER, TENANT, "a@b.c", HASH, List.of("superuser"), null))
                .expectException(ColloquyException.class).expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new RegisterUser(USER, TENANT, "a@b.c", HASH, List.of("member"), "platinum"))
                .expectException(ColloquyException.class).expectNoEvents();
    }

    @Nested
    class QuotasAndLimits {
        static final Instant TODAY = Instant.parse("2026-11-22T00:00:00Z");
        static final Instant TOMORROW = Instant.parse("2026-11-23T00:00:00Z");
        static final BigDecimal USED = BigDecimal.valueOf(850);
        static final BigDecimal LIMIT = BigDecimal.valueOf(1000);

        @Test
        void aSoftLimitIsRecordedOncePerLimitAndPeriod() {
            fixture.given(registered(), new QuotaSoftLimitReached(USER, TENANT, QuotaLimit.TOKENS_PER_DAY, TODAY,
                            USED, LIMIT))
                    .when(new RecordQuotaWarning(USER, TENANT, QuotaLimit.TOKENS_PER_DAY, TODAY, LIMIT, LIMIT))
                    .expectNoEvents();
        }

        @Test
        void theNextPeriodOrAnotherLimitWarnsAgain() {
            fixture.given(registered(), new QuotaSoftLimitReached(USER, TENANT, QuotaLimit.TOKENS_PER_DAY, TODAY,
                            USED, LIMIT))
                    .when(new RecordQuotaWarning(USER, TENANT, QuotaLimit.TOKENS_PER_DAY, TOMORROW, USED, LIMIT))
                    .expectEvents(new QuotaSoftLimitReached(USER, TENANT, QuotaLimit.TOKENS_PER_DAY, TOMORROW, USED,
                            LIMIT));
            fixture.given(registered(), new QuotaSoftLimitReached(USER, TENANT, QuotaLimit.TOKENS_PER_DAY, TODAY,
                            USED, LIMIT))
                    .when(new RecordQuotaWarning(USER, TENANT, QuotaLimit.COST_PER_DAY, TODAY, USED, LIMIT))
                    .expectEvents(new QuotaSoftLimitReached(USER, TENANT, QuotaLimit.COST_PER_DAY, TODAY, USED,
                            LIMIT));
        }

        @Test
        void everyRefusalIsRecorded() {
            fixture.given(registered(), new QuotaExceeded(USER, TENANT, QuotaScope.USER, QuotaLimit.MESSAGES_PER_DAY,
                            "c1", TOMORROW))
                    .when(new RecordQuotaRefusal(USER, TENANT, QuotaScope.TENANT, QuotaLimit.COST_PER_MONTH, "c1",
                            TOMORROW))
                    .expectEvents(new QuotaExceeded(USER, TENANT, QuotaScope.TENANT, QuotaLimit.COST_PER_MONTH, "c1",
                            TOMORROW));
        }

        @Test
        void overridesAreRecordedOnlyWhenTheyChange() {
            QuotaLimits overrides = new QuotaLimits(null, 5L, null, null, null, new BigDecimal("10.00"));
            fixture.given(registered())
                    .when(new SetUserQuotas(USER, TENANT, overrides))
                    .expectEvents(new UserQuotasSet(USER, TENANT, overrides));
            fixture.given(registered(), new UserQuotasSet(USER, TENANT, overrides))
                    .when(new SetUserQuotas(USER, TENANT, overrides))
                    .expectNoEvents();
        }

        @Test
        void anotherTenantsAdminCannotSetAUsersQuota() {
            fixture.given(registered())
                    .when(new SetUserQuotas(USER, "globex", QuotaLimits.NONE))
                    .expectException(ColloquyException.class).expectNoEvents();
        }
    }

    @Nested
    class Login {
        @Test
        void theRightPasswordSucceeds() {
            fixture.given(registered())
                    .when(new AttemptLogin(USER, "correct horse battery"))
                    .expectEvents(new LoginSucceeded(USER, TENANT))
                    .expectResultMessagePayload(LoginOutcome.ACCEPTED);
        }

        @Test
        void aWrongPasswordIsRecordedNotThrown() {
            fixture.given(registered())
                    .when(new AttemptLogin(USER, "guess"))
                    .expectEvents(wrong())
                    .expectResultMessagePayload(LoginOutcome.WRONG_PASSWORD);
        }

        @Test
        void manyFailuresAreRecordedButNeverLockTheAccountForEveryone() {
            fixture.given(registered(), wrong(), wrong(), wrong(), wrong(), wrong(), wrong())
                    .when(new AttemptLogin(USER, "correct horse battery"))
                    .expectEvents(new LoginSucceeded(USER, TENANT))
                    .expectResultMessagePayload(LoginOutcome.ACCEPTED);
        }

        @Test
        void aLockRecordedBeforeLockoutsWerePerAddressBarsNobody() {
            fixture.given(registered(), new AccountLocked(USER, TENANT, Instant.now().plus(Duration.ofMinutes(10))))
                    .when(new AttemptLogin(USER, "correct horse battery"))
                    .expectResultMessagePayload(LoginOutcome.ACCEPTED);
        }

        @Test
        void aDisabledUserCannotSignIn() {
            fixture.given(registered(), new UserDisabled(USER, TENANT))
                    .when(new AttemptLogin(USER, "correct horse battery"))
                    .expectEvents(new LoginFailed(USER, TENANT, LoginOutcome.DISABLED.name()))
                    .expectResultMessagePayload(LoginOutcome.DISABLED);
        }
    }

    @Nested
    class Administration {
        @Test
        void disableAndEnableAreRecordedOnceEach() {
            fixture.given(registered(), new UserDisabled(USER, TENANT))
                    .when(new DisableUser(USER, TENANT))
                    .expectNoEvents();
            fixture.given(registered(), new UserDisabled(USER, TENANT))
                    .when(new EnableUser(USER, TENANT))
                    .expectEvents(new UserEnabled(USER, TENANT));
        }

        @Test
        void anotherTenantsAdminSeesNoSuchUser() {
            fixture.given(registered())
                    .when(new DisableUser(USER, "globex"))
                    .expectException(ColloquyException.class)
                    .expectExceptionMessage("user not found")
                    .expectNoEvents();
        }

        @Test
        void rolesChange() {
            fixture.given(registered())
                    .when(new AssignRoles(USER, TENANT, List.of("tenant-admin")))
                    .expectEvents(new RolesAssigned(USER, TENANT, List.of("tenant-admin")));
        }
    }

    @Nested
    class Passwords {
        @Test
        void aUserChangesTheirPasswordWithTheCurrentOne() {
            fixture.given(registered())
                    .when(new ChangePassword(USER, TENANT, "correct horse battery", "new-hash"))
                    .expectEvents(new PasswordChanged(USER, TENANT, "new-hash", false));
        }

        @Test
        void theWrongCurrentPasswordChangesNothing() {
            fixture.given(registered())
                    .when(new ChangePassword(USER, TENANT, "guess", "new-hash"))
                    .expectNoEvents()
                    .expectException(ColloquyException.class);
        }

        @Test
        void anAdminResetsWithinTheTenantOnly() {
            fixture.given(registered())
                    .when(new ResetPassword(USER, TENANT, "new-hash"))
                    .expectEvents(new PasswordChanged(USER, TENANT, "new-hash", true));
            fixture.given(registered())
                    .when(new ResetPassword(USER, "globex", "new-hash"))
                    .expectNoEvents()
                    .expectExceptionMessage("user not found");
        }

        @Test
        void theNewPasswordIsTheOneThatSignsIn() {
            fixture.given(registered(), new PasswordChanged(USER, TENANT, PASSWORDS.encode("second secret!"), false))
                    .when(new AttemptLogin(USER, "correct horse battery"))
                    .expectResultMessagePayload(LoginOutcome.WRONG_PASSWORD);
            fixture.given(registered(), new PasswordChanged(USER, TENANT, PASSWORDS.encode("second secret!"), false))
                    .when(new AttemptLogin(USER, "second secret!"))
                    .expectResultMessagePayload(LoginOutcome.ACCEPTED);
        }
    }

    @Nested
    class ApiKeys {
        static final String KEY = "22222222-2222-2222-2222-222222222222";

        @Test
        void aKeyKeepsOnlyTheHashOfItsSecret() {
            fixture.given(registered())
                    .when(new CreateApiKey(USER, TENANT, KEY, "ci", List.of("read", "chat"), null, "abc123"))
                    .expectEvents(new ApiKeyCreated(USER, TENANT, KEY, "ci", List.of("chat", "read"), null, "abc123"));
        }

        @Test
        void scopesOutsideChatAndReadAreRefused() {
            fixture.given(registered())
                    .when(new CreateApiKey(USER, TENANT, KEY, "ci", List.of("admin"), null, "abc123"))
                    .expectException(ColloquyException.class).expectNoEvents();
        }

        @Test
        void anExpiryInThePastIsRefused() {
            fixture.given(registered())
                    .when(new CreateApiKey(USER, TENANT, KEY, "ci", List.of("read"),
                            fixture.currentTime().minusSeconds(1), "abc123"))
                    .expectException(ColloquyException.class).expectNoEvents();
        }

        @Test
        void revokingIsRecordedOnceAndAnUnknownKeyIsNotFound() {
            ApiKeyCreated created = new ApiKeyCreated(USER, TENANT, KEY, "ci", List.of("read"), null, "abc123");
            fixture.given(registered(), created)
                    .when(new RevokeApiKey(USER, TENANT, KEY))
                    .expectEvents(new ApiKeyRevoked(USER, TENANT, KEY));
            fixture.given(registered(), created, new ApiKeyRevoked(USER, TENANT, KEY))
                    .when(new RevokeApiKey(USER, TENANT, KEY))
                    .expectNoEvents();
            fixture.given(registered())
                    .when(new RevokeApiKey(USER, TENANT, KEY))
                    .expectException(ColloquyException.class).expectExceptionMessage("api key not found");
        }
    }
}
