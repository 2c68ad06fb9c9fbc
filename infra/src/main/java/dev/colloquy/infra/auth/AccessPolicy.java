package dev.colloquy.infra.auth;

import static dev.colloquy.kernel.account.Role.AUDITOR;
import static dev.colloquy.kernel.account.Role.GUEST;
import static dev.colloquy.kernel.account.Role.MEMBER;
import static dev.colloquy.kernel.account.Role.PLATFORM_ADMIN;
import static dev.colloquy.kernel.account.Role.TENANT_ADMIN;

import dev.colloquy.kernel.account.Role;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Who may call which route: one declared rule per route and method, checked before any controller runs, for
 * every request (the UI's files included). What no rule names is refused, so a route added without a rule is
 * unreachable, and {@link AccessPolicyCheck} refuses to start. Another tenant's resources are not a matter of
 * roles: they answer 404 wherever they are looked up.
 */
public final class AccessPolicy {
    private static final Set<Role> CHAT = EnumSet.of(GUEST, MEMBER, TENANT_ADMIN);
    private static final Set<Role> CHAT_NO_GUEST = EnumSet.of(MEMBER, TENANT_ADMIN);
    private static final Set<Role> ANY = EnumSet.allOf(Role.class);
    private static final Set<Role> KEY_HOLDERS = EnumSet.of(MEMBER, TENANT_ADMIN, AUDITOR, PLATFORM_ADMIN);
    private static final Set<Role> TENANT_ADMINS = EnumSet.of(TENANT_ADMIN);
    private static final Set<Role> PLATFORM_ADMINS = EnumSet.of(PLATFORM_ADMIN);
    private static final Set<Role> ADMINS = EnumSet.of(TENANT_ADMIN, PLATFORM_ADMIN);
    private static final Set<Role> AUDITORS = EnumSet.of(AUDITOR, TENANT_ADMIN);

    /**
     * What a credential must carry besides a role. API keys hold {@code chat} and/or {@code read}; a signed-in
     * user holds every scope, and only a signed-in user may act on accounts (keys, users, tenants).
     */
    public enum Scope { PUBLIC, READ, CHAT, ACCOUNT }

    /**
     * {@code ownRights}: a right the GDPR gives every data subject (export, erasure of one's own data), which a
     * suspended user keeps; they exercise it as themselves only, without any admin role.
     */
    public record Rule(HttpMethod method, PathPattern pattern, Set<Role> roles, Scope scope, boolean ownRights) {
        public boolean allows(Set<Role> held, Set<Scope> granted) {
            return granted.contains(scope) && held.stream().anyMatch(roles::contains);
        }
    }

    private final List<Rule> rules = new ArrayList<>();

    public AccessPolicy() {
        // The web UI's files and the machine-readable descriptions: nothing in them is anyone's data.
        open(HttpMethod.GET, "/");
        open(HttpMethod.GET, "/index.html");
        open(HttpMethod.GET, "/favicon.ico");
        open(HttpMethod.GET, "/favicon.svg");
        open(HttpMethod.GET, "/css/{*file}");
        open(HttpMethod.GET, "/js/{*file}");
        open(HttpMethod.GET, "/webjars/{*file}");
        open(HttpMethod.GET, "/.well-known/jwks.json");
        open(HttpMethod.GET, "/v3/api-docs");
        open(HttpMethod.GET, "/v3/api-docs.yaml");
        open(HttpMethod.GET, "/v3/api-docs/{group}");
        // Probes and the scrape endpoint: operators keep them off the public listener (docs/security.md).
        open(HttpMethod.GET, "/actuator/health");
        open(HttpMethod.GET, "/actuator/health/**");
        open(HttpMethod.GET, "/actuator/info");
        open(HttpMethod.GET, "/actuator/prometheus");
        rule(HttpMethod.GET, "/actuator", PLATFORM_ADMINS, Scope.ACCOUNT);

        open(HttpMethod.POST, "/api/v1/auth/token");
        open(HttpMethod.POST, "/api/v1/auth/refresh");
        open(HttpMethod.POST, "/api/v1/auth/logout");

        rule(HttpMethod.GET, "/api/v1/models", ANY, Scope.READ);

        // Knowledge: guests read and search what their tenant shares, but keep nothing of their own.
        rule(HttpMethod.POST, "/api/v1/knowledge-bases", CHAT_NO_GUEST, Scope.CHAT);
        rule(HttpMethod.GET, "/api/v1/knowledge-bases", CHAT, Scope.READ);
        rule(HttpMethod.GET, "/api/v1/knowledge-bases/{id}", CHAT, Scope.READ);
        rule(HttpMethod.PATCH, "/api/v1/knowledge-bases/{id}", CHAT_NO_GUEST, Scope.CHAT);
        rule(HttpMethod.DELETE, "/api/v1/knowledge-bases/{id}", CHAT_NO_GUEST, Scope.CHAT);
        rule(HttpMethod.GET, "/api/v1/knowledge-bases/{id}/documents", CHAT, Scope.READ);
        rule(HttpMethod.POST, "/api/v1/knowledge-bases/{id}/documents", CHAT_NO_GUEST, Scope.CHAT);
        rule(HttpMethod.POST, "/api/v1/knowledge-bases/{id}/search", CHAT, Scope.READ);
        rule(HttpMethod.GET, "/api/v1/documents/{id}", CHAT, Scope.READ);
        rule(HttpMethod.DELETE, "/api/v1/documents/{id}", CHAT_NO_GUEST, Scope.CHAT);

        rule(HttpMethod.POST, "/api/v1/conversations", CHAT, Scope.CHAT);
        rule(HttpMethod.GET, "/api/v1/conversations", CHAT, Scope.READ);
        rule(HttpMethod.GET, "/api/v1/conversations/{id}", CHAT, Scope.READ);
        rule(HttpMethod.GET, "/api/v1/conversations/{id}/path", CHAT, Scope.READ);
        rule(HttpMethod.PATCH, "/api/v1/conversations/{id}", CHAT, Scope.CHAT);
        rule(HttpMethod.DELETE, "/api/v1/conversations/{id}", CHAT, Scope.CHAT);
        rule(HttpMethod.POST, "/api/v1/conversations/{id}/restore", CHAT, Scope.CHAT);
        rule(HttpMethod.POST, "/api/v1/conversations/{id}/messages", CHAT, Scope.CHAT);
        rule(HttpMethod.POST, "/api/v1/conversations/{id}/fork", CHAT_NO_GUEST, Scope.CHAT);
        rule(HttpMethod.GET, "/api/v1/replies/{id}", CHAT, Scope.READ);
        rule(HttpMethod.GET, "/api/v1/replies/{id}/stream", CHAT, Scope.READ);
        rule(HttpMethod.POST, "/api/v1/replies/{id}/cancel", CHAT, Scope.CHAT);

        rule(HttpMethod.GET, "/api/v1/usage/me", ANY, Scope.READ);
        ownRight(HttpMethod.GET, "/api/v1/privacy/export");

        rule(HttpMethod.POST, "/api/v1/account/password", ANY, Scope.ACCOUNT);
        // anyone for themselves, a tenant admin for a user of the tenant (checked by the controller)
        ownRight(HttpMethod.POST, "/api/v1/privacy/erasure");
        ownRight(HttpMethod.GET, "/api/v1/privacy/erasure/{requestId}");
        rule(HttpMethod.GET, "/api/v1/api-keys", KEY_HOLDERS, Scope.ACCOUNT);
        rule(HttpMethod.POST, "/api/v1/api-keys", KEY_HOLDERS, Scope.ACCOUNT);
        rule(HttpMethod.DELETE, "/api/v1/api-keys/{keyId}", KEY_HOLDERS, Scope.ACCOUNT);

        rule(HttpMethod.GET, "/api/v1/admin/tenants", PLATFORM_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.POST, "/api/v1/admin/tenants", PLATFORM_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.PATCH, "/api/v1/admin/tenants/{tenantId}", PLATFORM_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.POST, "/api/v1/admin/tenants/{tenantId}/users", PLATFORM_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.PUT, "/api/v1/admin/tenants/{tenantId}/quotas", PLATFORM_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.PUT, "/api/v1/admin/tenants/{tenantId}/budget", PLATFORM_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.POST, "/api/v1/admin/projections/{name}/replay", PLATFORM_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.GET, "/api/v1/admin/projections/{name}/replay", PLATFORM_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.GET, "/api/v1/admin/dead-letters", PLATFORM_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.POST, "/api/v1/admin/dead-letters/{processor}/retry", PLATFORM_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.DELETE, "/api/v1/admin/dead-letters/{processor}/{letterId}", PLATFORM_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.GET, "/api/v1/admin/plans", ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.GET, "/api/v1/admin/usage", ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.GET, "/api/v1/admin/billing/export", ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.GET, "/api/v1/admin/guard-policy", TENANT_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.PUT, "/api/v1/admin/guard-policy", TENANT_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.GET, "/api/v1/admin/retention", TENANT_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.PUT, "/api/v1/admin/retention", TENANT_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.GET, "/api/v1/admin/users", TENANT_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.POST, "/api/v1/admin/users", TENANT_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.POST, "/api/v1/admin/users/{userId}/disable", TENANT_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.POST, "/api/v1/admin/users/{userId}/enable", TENANT_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.PUT, "/api/v1/admin/users/{userId}/roles", TENANT_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.PUT, "/api/v1/admin/users/{userId}/plan", TENANT_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.PUT, "/api/v1/admin/users/{userId}/quotas", TENANT_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.PUT, "/api/v1/admin/users/{userId}/password", TENANT_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.DELETE, "/api/v1/admin/users/{userId}/api-keys/{keyId}", TENANT_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.POST, "/api/v1/admin/users/{userId}/suspend", TENANT_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.POST, "/api/v1/admin/users/{userId}/throttle", TENANT_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.POST, "/api/v1/admin/users/{userId}/reinstate", TENANT_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.GET, "/api/v1/admin/abuse-policy", TENANT_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.PUT, "/api/v1/admin/abuse-policy", TENANT_ADMINS, Scope.ACCOUNT);
        rule(HttpMethod.GET, "/api/v1/admin/abuse-signals", ADMINS, Scope.ACCOUNT);

        // Audit data is shown to a signed-in person only, so every read is attributable to someone.
        rule(HttpMethod.GET, "/api/v1/audit/conversations", AUDITORS, Scope.ACCOUNT);
        rule(HttpMethod.GET, "/api/v1/audit/conversations/{id}/events", AUDITORS, Scope.ACCOUNT);
        rule(HttpMethod.GET, "/api/v1/audit/conversations/{id}/verify", AUDITORS, Scope.ACCOUNT);
        rule(HttpMethod.GET, "/api/v1/audit/conversations/{id}/state", AUDITORS, Scope.ACCOUNT);
        rule(HttpMethod.GET, "/api/v1/audit/accesses", AUDITORS, Scope.ACCOUNT);
        rule(HttpMethod.GET, "/api/v1/audit/knowledge-searches", AUDITORS, Scope.ACCOUNT);
    }

    /**
     * What the policy says about one request, decided on the path exactly as routing sees it (decoded, matrix
     * parameters dropped). HEAD is a GET without a body and is judged as the GET; there is no other implicit method.
     */
    public sealed interface Decision permits Matched, WrongMethod, NoRoute {
    }

    public record Matched(Rule rule) implements Decision {
    }

    /** The path is a route, but not for this method: the methods it has, for {@code Allow}. */
    public record WrongMethod(Set<HttpMethod> allowed) implements Decision {
    }

    public record NoRoute() implements Decision {
    }

    public Decision decide(String method, PathContainer path) {
        String judged = "HEAD".equals(method) ? "GET" : method;
        Set<HttpMethod> allowed = new LinkedHashSet<>();
        for (Rule rule : rules) {
            if (rule.pattern().matches(path)) {
                if (rule.method().matches(judged)) {
                    return new Matched(rule);
                }
                allowed.add(rule.method());
            }
        }
        return allowed.isEmpty() ? new NoRoute() : new WrongMethod(allowed);
    }

    /** A rule by a route's own pattern and method, as the start-up check and the route agreement compare them. */
    public Optional<Rule> ruleFor(HttpMethod method, String pattern) {
        String wanted = anonymous(pattern);
        return rules.stream()
                .filter(rule -> rule.method().equals(method)
                        && anonymous(rule.pattern().getPatternString()).equals(wanted))
                .findFirst();
    }

    /** {@code /a/{id}} and {@code /a/{conversationId}} are one route: variable names do not matter. */
    static String anonymous(String pattern) {
        return pattern.replaceAll("\\{[^}]*}", "{}");
    }

    public List<Rule> rules() {
        return List.copyOf(rules);
    }

    private void open(HttpMethod method, String pattern) {
        rule(method, pattern, ANY, Scope.PUBLIC);
    }

    private void rule(HttpMethod method, String pattern, Set<Role> roles, Scope scope) {
        rules.add(new Rule(method, PathPatternParser.defaultInstance.parse(pattern), Set.copyOf(roles), scope, false));
    }

    private void ownRight(HttpMethod method, String pattern) {
        rules.add(new Rule(method, PathPatternParser.defaultInstance.parse(pattern), ANY, Scope.ACCOUNT, true));
    }
}
