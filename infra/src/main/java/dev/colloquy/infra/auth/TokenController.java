package dev.colloquy.infra.auth;

import dev.colloquy.command.account.AccountCache;
import dev.colloquy.command.account.AccountDirectory;
import dev.colloquy.command.account.Sessions;
import dev.colloquy.command.ratelimit.RateLimiter;
import dev.colloquy.command.ratelimit.SignInLockout;
import dev.colloquy.kernel.EntityId;
import dev.colloquy.kernel.MetadataKeys;
import dev.colloquy.kernel.account.AttemptLogin;
import dev.colloquy.kernel.account.LoginOutcome;
import dev.colloquy.kernel.account.Role;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sign-in, refresh and sign-out. A sign-in opens a session whose refresh tokens rotate on every use; the
 * access tokens name the session, so signing out (or a detected refresh-token theft) ends them too.
 */
@RestController
public class TokenController {

    private final AccountDirectory directory;
    private final AccountCache accounts;
    private final Sessions sessions;
    private final AccessTokens tokens;
    private final CommandGateway commands;
    private final PasswordEncoder passwords;
    private final Clock clock;
    private final AuthProperties properties;
    private final RateLimiter limiter;
    private final SignInLockout lockout;
    /** Checked when the username is unknown, so an unknown user takes as long as a known one (no enumeration). */
    private final String decoyHash;

    public TokenController(AccountDirectory directory, AccountCache accounts, Sessions sessions, AccessTokens tokens,
                           CommandGateway commands, PasswordEncoder passwords, Clock clock,
                           AuthProperties properties, RateLimiter limiter, SignInLockout lockout) {
        this.directory = directory;
        this.accounts = accounts;
        this.sessions = sessions;
        this.tokens = tokens;
        this.commands = commands;
        this.passwords = passwords;
        this.clock = clock;
        this.properties = properties;
        this.limiter = limiter;
        this.lockout = lockout;
        this.decoyHash = passwords.encode(EntityId.random());
    }

    public record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[username=" + username + "]";
        }
    }

    public record RefreshRequest(String refreshToken) {
    }

    @PostMapping("/api/v1/auth/token")
    public ResponseEntity<Map<String, Object>> token(@RequestBody Credentials credentials,
                                                     HttpServletRequest request) {
        // The peer's address; a proxy's X-Forwarded-For only where proxies are configured (docs/security.md).
        String client = request.getRemoteAddr();
        limiter.admitSignIn(client, properties.signInsPerMinute());
        if (credentials.username() == null || credentials.password() == null) {
            throw new ColloquyException(ErrorCode.VALIDATION_ERROR, "username and password are required");
        }
        // Before the directory is asked, and whether or not the account exists: the answer tells nobody which do.
        OptionalLong wait = lockout.attempt(credentials.username(), client);
        if (wait.isPresent()) {
            throw locked(wait.getAsLong());
        }
        Optional<AccountDirectory.Login> login = directory.findLogin(credentials.username());
        if (login.isEmpty()) {
            passwords.matches(credentials.password(), decoyHash);
            throw invalidCredentials();
        }
        String userId = login.get().userId();
        LoginOutcome outcome = commands.sendAndWait(GenericCommandMessage
                .asCommandMessage(new AttemptLogin(userId, credentials.password()))
                .andMetaData(Map.of(MetadataKeys.TENANT, login.get().tenantId(), MetadataKeys.ACTOR, userId,
                        MetadataKeys.TRACE_ID, MDC.get("traceId"))));
        return switch (outcome) {
            case ACCEPTED -> {
                lockout.succeeded(credentials.username(), client);
                yield ResponseEntity.ok(signIn(userId));
            }
            case DISABLED -> throw inactive();
            case WRONG_PASSWORD -> throw invalidCredentials();
        };
    }

    @PostMapping("/api/v1/auth/refresh")
    public Map<String, Object> refresh(@RequestBody RefreshRequest request) {
        AccessTokens.RefreshClaims claims = Optional.ofNullable(request.refreshToken())
                .flatMap(tokens::verifyRefresh)
                .orElseThrow(() -> unauthenticated("invalid or expired refresh token"));
        String next = EntityId.random();
        return switch (sessions.rotate(claims.sessionId(), claims.refreshId(), next)) {
            case ROTATED -> pair(claims.userId(), claims.sessionId(), next);
            case REUSED -> throw unauthenticated("refresh token already used; the session is revoked, sign in again");
            case DEAD -> throw unauthenticated("the session has ended; sign in again");
        };
    }

    /** Ends the session named by the bearer access token or by the refresh token in the body. */
    @PostMapping("/api/v1/auth/logout")
    public ResponseEntity<Void> logout(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
                                       String authorization,
                                       @RequestBody(required = false) RefreshRequest request) {
        SignIn signIn = Optional.ofNullable(request).map(RefreshRequest::refreshToken)
                .flatMap(tokens::verifyRefresh).map(c -> new SignIn(c.sessionId(), c.userId()))
                .or(() -> BearerAuthentication.bearer(authorization).flatMap(tokens::verifyAccess)
                        .map(c -> new SignIn(c.sessionId(), c.userId())))
                .orElseThrow(() -> unauthenticated("a valid access or refresh token is required"));
        sessions.revoke(signIn.sessionId(), signIn.userId(), "signed out");
        return ResponseEntity.noContent().build();
    }

    private record SignIn(String sessionId, String userId) {
    }

    private Map<String, Object> signIn(String userId) {
        String sessionId = EntityId.random();
        String refreshId = EntityId.random();
        sessions.open(sessionId, userId, refreshId, clock.instant().plus(properties.refreshTokenTtl()));
        return pair(userId, sessionId, refreshId);
    }

    private Map<String, Object> pair(String userId, String sessionId, String refreshId) {
        AccountDirectory.Access access = accounts.access(userId, sessionId)
                .filter(a -> !a.disabled())
                .orElseThrow(TokenController::inactive);
        String accessToken = tokens.issueAccess(userId, access.tenantId(),
                access.roles().stream().map(Role::wire).sorted().toList(), access.plan(), sessionId);
        return Map.of("access_token", accessToken, "token_type", "Bearer", "expires_in", tokens.accessTtlSeconds(),
                "refresh_token", tokens.issueRefresh(userId, sessionId, refreshId),
                "refresh_expires_in", tokens.refreshTtlSeconds());
    }

    private ColloquyException locked(long seconds) {
        return new ColloquyException(ErrorCode.ACCOUNT_LOCKED, "too many failed sign-ins; try again later",
                Map.of("retryAfterSeconds", seconds, "lockedUntil", clock.instant().plusSeconds(seconds).toString()));
    }

    private static ColloquyException invalidCredentials() {
        return unauthenticated("invalid username or password");
    }

    private static ColloquyException inactive() {
        return unauthenticated("user not found or inactive");
    }

    private static ColloquyException unauthenticated(String message) {
        return new ColloquyException(ErrorCode.AUTHENTICATION_ERROR, message);
    }
}
