package dev.colloquy.infra.auth;

import dev.colloquy.command.account.AccountCache;
import dev.colloquy.command.account.AccountDirectory;
import dev.colloquy.command.account.ApiKeySecret;
import dev.colloquy.infra.ColloquyProperties;
import dev.colloquy.infra.web.ErrorEnvelope;
import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.abuse.RestrictionMode;
import dev.colloquy.kernel.account.Role;
import dev.colloquy.kernel.error.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Decides every request against the access policy, before anything else reads it, and authenticates those whose
 * rule needs a caller (a JWT access token or an API key).
 * The caller it produces is the only source of tenant and user. Roles, plan and whether the user is enabled are
 * read from the account directory on each request, so disabling a user or signing out takes effect at once,
 * not when a token expires. Also gives each request its trace id (W3C {@code traceparent} when present).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class BearerAuthentication extends OncePerRequestFilter {
    public static final String CALLER = BearerAuthentication.class.getName() + ".caller";
    /** The access rule this request was admitted by; {@link RouteAgreement} checks routing chose the same route. */
    static final String RULE = BearerAuthentication.class.getName() + ".rule";
    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$");
    private static final Set<AccessPolicy.Scope> SIGNED_IN = EnumSet.allOf(AccessPolicy.Scope.class);
    private static final Set<Role> ADMIN_ROLES = EnumSet.of(Role.TENANT_ADMIN, Role.PLATFORM_ADMIN, Role.AUDITOR);

    private final AccessTokens tokens;
    private final AccountCache accounts;
    private final AccessPolicy policy;
    private final ErrorEnvelope errors;
    private final Clock clock;
    private final boolean corsEnabled;

    public BearerAuthentication(AccessTokens tokens, AccountCache accounts, AccessPolicy policy,
                                ErrorEnvelope errors, Clock clock, ColloquyProperties properties) {
        this.corsEnabled = !properties.web().corsOrigins().isEmpty();
        this.tokens = tokens;
        this.accounts = accounts;
        this.policy = policy;
        this.errors = errors;
        this.clock = clock;
    }

    private record Authenticated(Caller caller, Set<AccessPolicy.Scope> scopes,
                                 AccountDirectory.Restriction restriction) {
        boolean suspended() {
            return restriction != null && restriction.mode() == RestrictionMode.SUSPENDED;
        }
    }

    static Optional<String> bearer(String header) {
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? Optional.of(header.substring(7).trim()) : Optional.empty();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String traceId = traceId(request);
        response.setHeader("X-Trace-Id", traceId);
        MDC.put("traceId", traceId);
        try {
            // The very path object the dispatcher routes on (decoded, matrix parameters dropped), so that what is
            // authorized and what runs can never be two different readings of one URI.
            PathContainer path = ServletRequestPathUtils.parseAndCache(request).pathWithinApplication();
            switch (policy.decide(request.getMethod(), path)) {
                case AccessPolicy.NoRoute ignored -> errors.write(response, ErrorCode.NOT_FOUND, "no such endpoint");
                case AccessPolicy.WrongMethod wrong when "OPTIONS".equals(request.getMethod()) ->
                        options(request, response, chain, wrong.allowed());
                case AccessPolicy.WrongMethod wrong -> {
                    response.setHeader("Allow", allow(wrong.allowed()));
                    errors.write(response, ErrorCode.METHOD_NOT_ALLOWED, request.getMethod()
                            + " is not a method of this endpoint; it has " + allow(wrong.allowed()));
                }
                case AccessPolicy.Matched matched -> authorize(request, response, chain, matched.rule(), traceId);
            }
        } finally {
            MDC.remove("traceId");
        }
    }

    private void authorize(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                           AccessPolicy.Rule rule, String traceId) throws ServletException, IOException {
        request.setAttribute(RULE, rule);
        if (rule.scope() == AccessPolicy.Scope.PUBLIC) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Authenticated> authenticated = bearer(request.getHeader("Authorization"))
                .flatMap(this::authenticate);
        if (authenticated.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            errors.write(response, ErrorCode.AUTHENTICATION_ERROR, "invalid or expired token, or inactive user");
            return;
        }
        Caller caller = authenticated.get().caller();
        if (authenticated.get().suspended()) {
            if (!rule.ownRights()) {
                suspended(response, authenticated.get().restriction());
                return;
            }
            // Their own data only: a suspended admin must not erase or read anyone else's.
            Set<Role> own = EnumSet.copyOf(caller.roles());
            own.removeAll(ADMIN_ROLES);
            caller = new Caller(caller.tenantId(), caller.userId(), own.isEmpty() ? Set.of(Role.MEMBER) : own,
                    caller.plan(), caller.sessionId());
        }
        if (!rule.allows(caller.roles(), authenticated.get().scopes())) {
            errors.write(response, ErrorCode.FORBIDDEN, "your role or credential does not allow this");
            return;
        }
        request.setAttribute(CALLER, caller);
        RequestOrigin.set(new RequestOrigin(caller.tenantId(), caller.userId(), traceId));
        try {
            chain.doFilter(request, response);
        } finally {
            RequestOrigin.clear();
        }
    }

    /**
     * A CORS preflight goes on to Spring's CORS handling when origins are configured (it carries no credentials by
     * design); any other OPTIONS is answered here with the route's methods, which are no secret.
     */
    private void options(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                         Set<HttpMethod> allowed) throws ServletException, IOException {
        boolean preflight = request.getHeader("Origin") != null
                && request.getHeader("Access-Control-Request-Method") != null;
        if (preflight && corsEnabled) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Allow", allow(allowed) + ", OPTIONS");
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    private static String allow(Set<HttpMethod> methods) {
        Set<String> names = new LinkedHashSet<>();
        methods.forEach(method -> {
            names.add(method.name());
            if (method == HttpMethod.GET) {
                names.add("HEAD");
            }
        });
        return String.join(", ", names);
    }

    private Optional<Authenticated> authenticate(String credential) {
        if (ApiKeySecret.looksLikeKey(credential)) {
            return accounts.apiKey(new ApiKeySecret(credential).hash())
                    .filter(key -> !key.revoked() && !key.access().disabled())
                    .filter(key -> key.expiresAt() == null || clock.instant().isBefore(key.expiresAt()))
                    .map(key -> {
                        accounts.apiKeyUsed(key.keyId());
                        EnumSet<AccessPolicy.Scope> scopes = EnumSet.noneOf(AccessPolicy.Scope.class);
                        key.scopes().forEach(s -> scopes.add(AccessPolicy.Scope.valueOf(s.toUpperCase(Locale.ROOT))));
                        return new Authenticated(caller(key.access(), null), scopes, key.access().restriction());
                    });
        }
        return tokens.verifyAccess(credential)
                .flatMap(claims -> accounts.access(claims.userId(), claims.sessionId())
                        .filter(access -> !access.disabled())
                        .map(access -> new Authenticated(caller(access, claims.sessionId()), SIGNED_IN,
                                access.restriction())));
    }

    /**
     * A suspended user still signs in (so they can learn why) but every API request answers 403
     * {@code ACCOUNT_SUSPENDED} with the reason, until a tenant admin reinstates them.
     */
    private void suspended(HttpServletResponse response, AccountDirectory.Restriction restriction)
            throws IOException {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", restriction.reason());
        if (restriction.since() != null) {
            details.put("since", restriction.since().toString());
        }
        errors.write(response, ErrorCode.ACCOUNT_SUSPENDED, "your account is suspended: " + restriction.reason()
                + "; ask your administrator to reinstate it", details);
    }

    private static Caller caller(AccountDirectory.Access access, String sessionId) {
        return new Caller(access.tenantId(), access.userId(), access.roles(), access.plan(), sessionId);
    }

    private static String traceId(HttpServletRequest request) {
        String traceparent = request.getHeader("traceparent");
        if (traceparent != null) {
            var matcher = TRACEPARENT.matcher(traceparent.trim());
            if (matcher.matches()) {
                return matcher.group(1);
            }
        }
        byte[] random = new byte[16];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
