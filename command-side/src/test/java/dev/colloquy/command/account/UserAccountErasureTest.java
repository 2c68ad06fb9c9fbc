package dev.colloquy.command.account;

import static dev.colloquy.command.account.UserAccountTest.HASH;
import static dev.colloquy.command.account.UserAccountTest.TENANT;
import static dev.colloquy.command.account.UserAccountTest.USER;
import static dev.colloquy.command.account.UserAccountTest.registered;

import dev.colloquy.kernel.account.AttemptLogin;
import dev.colloquy.kernel.account.EnableUser;
import dev.colloquy.kernel.account.LoginFailed;
import dev.colloquy.kernel.account.LoginOutcome;
import dev.colloquy.kernel.account.ResetPassword;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.privacy.EraseUser;
import dev.colloquy.kernel.privacy.ErasureRequested;
import dev.colloquy.kernel.privacy.RequestErasure;
import dev.colloquy.kernel.privacy.UserErased;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserAccountErasureTest {
    static final String ADMIN = "22222222-2222-2222-2222-222222222222";
    static final UserErased ERASED = new UserErased(USER, TENANT, "request-1", "erased-x");

    AggregateTestFixture<UserAccount> fixture;

    @BeforeEach
    void setUp() {
        fixture = UserAccountTest.fixture();
    }

    @Test
    void aRequestIsRecordedWithWhoAskedForIt() {
        fixture.given(registered())
                .when(new RequestErasure(USER, TENANT, "request-1", ADMIN))
                .expectEvents(new ErasureRequested("request-1", USER, TENANT, ADMIN));
    }

    @Test
    void anotherTenantCannotRequestIt() {
        fixture.given(registered())
                .when(new RequestErasure(USER, "globex", "request-1", ADMIN))
                .expectException(ColloquyException.class)
                .expectNoEvents();
    }

    @Test
    void erasingTheProfileCarriesThePseudonymItIsKnownByFromThenOn() {
        fixture.given(registered())
                .when(new EraseUser(USER, TENANT, "request-1", "erased-x"))
                .expectEvents(ERASED);
    }

    @Test
    void erasingAgainChangesNothing() {
        fixture.given(registered(), ERASED)
                .when(new EraseUser(USER, TENANT, "request-2", "erased-y"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anErasedAccountCannotSignInEvenWithItsOldPassword() {
        fixture.given(registered(), ERASED)
                .when(new AttemptLogin(USER, "correct horse battery"))
                .expectEvents(new LoginFailed(USER, TENANT, LoginOutcome.DISABLED.name()))
                .expectResultMessagePayload(LoginOutcome.DISABLED);
    }

    @Test
    void anErasedAccountIsNotFoundToAdministration() {
        fixture.given(registered(), ERASED)
                .when(new EnableUser(USER, TENANT))
                .expectException(ColloquyException.class)
                .expectNoEvents();
        fixture.given(registered(), ERASED)
                .when(new ResetPassword(USER, TENANT, HASH))
                .expectException(ColloquyException.class)
                .expectNoEvents();
        fixture.given(registered(), ERASED)
                .when(new RequestErasure(USER, TENANT, "request-2", USER))
                .expectException(ColloquyException.class)
                .expectNoEvents();
    }
}
