package dev.colloquy.command.account;

import dev.colloquy.kernel.abuse.AbusePolicySet;
import dev.colloquy.kernel.abuse.RestrictionMode;
import dev.colloquy.kernel.abuse.UserRestricted;
import dev.colloquy.kernel.abuse.UserRestrictionLifted;
import dev.colloquy.kernel.account.AccountLocked;
import dev.colloquy.kernel.account.ApiKeyCreated;
import dev.colloquy.kernel.account.ApiKeyRevoked;
import dev.colloquy.kernel.account.GuardPolicySet;
import dev.colloquy.kernel.account.Role;
import dev.colloquy.kernel.account.RolesAssigned;
import dev.colloquy.kernel.account.TenantCreated;
import dev.colloquy.kernel.account.TenantPlanChanged;
import dev.colloquy.kernel.account.UserDisabled;
import dev.colloquy.kernel.account.UserEnabled;
import dev.colloquy.kernel.account.UserPlanAssigned;
import dev.colloquy.kernel.account.UserRegistered;
import dev.colloquy.kernel.privacy.PersonalData;
import dev.colloquy.kernel.privacy.RetentionPolicySet;
import dev.colloquy.kernel.privacy.UserErased;
import dev.colloquy.kernel.quota.QuotaLimit;
import dev.colloquy.kernel.quota.QuotaLimits;
import dev.colloquy.kernel.quota.TenantBudgetSet;
import dev.colloquy.kernel.quota.TenantQuotasSet;
import dev.colloquy.kernel.quota.UserQuotasSet;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Tenants, users and API keys as the command side looks them up: by username at login, by key hash on each
 * programmatic request, by user id on each signed-in request. Written by a subscribing processor, i.e. in the
 * transaction that stores the events, so it is never behind them.
 */
@ProcessingGroup("account-directory")
public class AccountDirectory {
    /** The PostgreSQL channel on which every change is announced to every node, when it commits. */
    public static final String CHANGES = "colloquy_account_changes";

    private final Jdbi jdbi;
    private volatile Consumer<String> localChanges = key -> { };

    public AccountDirectory(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Who hears this node's changes at once, after commit, without waiting for the notification. */
    void onLocalChange(Consumer<String> listener) {
        this.localChanges = listener;
    }

    /**
     * Announces a change in the running transaction: {@code pg_notify} is delivered to every node (this one
     * included) only if the transaction commits; this node also hears it directly after the commit.
     */
    void announce(Handle handle, String key) {
        handle.createQuery("select pg_notify(:channel, :key)").bind("channel", CHANGES).bind("key", key)
                .mapTo(String.class).one();
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unit -> localChanges.accept(key));
        }
    }

    void announced(String key) {
        localChanges.accept(key);
    }

    /**
     * What a signed-in user may do right now; empty when the user or the sign-in session no longer exists.
     * {@code restriction} is null unless the user is suspended or throttled for abuse.
     */
    public record Access(String userId, String tenantId, Set<Role> roles, String plan, boolean disabled,
                         Restriction restriction) {
    }

    /** Why and since when a user is held back; shown to the user with every refusal. */
    public record Restriction(RestrictionMode mode, String reason, Instant since) {
    }

    /** An {@link Access} through a sign-in session, which ends at {@code sessionEnds}. */
    record SessionAccess(Access access, Instant sessionEnds) {
    }

    public record Login(String userId, String tenantId) {
    }

    public record KeyGrant(String keyId, Access access, Set<String> scopes, Instant expiresAt, boolean revoked) {
    }

    public record UserEntry(String userId, String username, List<String> roles, String plan, boolean disabled,
                            Instant lockedUntil, Instant createdAt) {
    }

    public record TenantEntry(String tenantId, String name, String plan, GuardPolicy guardPolicy,
                              Instant createdAt) {
    }

    /**
     * What a chat request of the user is limited by, besides the user's own plan; {@code throttled}: the user is
     * held to the abuse throttle's rate.
     */
    public record QuotaSettings(String tenantId, String tenantPlan, QuotaLimits tenantOverrides,
                                QuotaLimits userOverrides, QuotaLimits tenantBudget, boolean throttled) {
    }

    public record KeyEntry(String keyId, String name, List<String> scopes, Instant expiresAt, Instant createdAt,
                           Instant revokedAt, Instant lastUsedAt) {
    }

    @EventHandler
    void on(TenantCreated event, @org.axonframework.eventhandling.Timestamp Instant at) {
        jdbi.useHandle(h -> h.createUpdate("""
                        insert into tenant_directory (tenant_id, name, plan, created_at)
                        values (:tenant, :name, :plan, :at)""")
                .bind("tenant", event.tenantId()).bind("name", event.name()).bind("plan", event.plan())
                .bind("at", stored(at)).execute());
    }

    @EventHandler
    void on(TenantPlanChanged event) {
        jdbi.useHandle(h -> {
            h.createUpdate("update tenant_directory set plan = :plan where tenant_id = :tenant")
                    .bind("plan", event.plan()).bind("tenant", event.tenantId()).execute();
            announce(h, AccountChange.tenant(event.tenantId()));
        });
    }

    @EventHandler
    void on(GuardPolicySet event) {
        jdbi.useHandle(h -> {
            h.createUpdate("""
                            update tenant_directory set injection_policy = :policy, redacted_pii = :pii
                            where tenant_id = :tenant""")
                    .bind("policy", event.injectionPolicy())
                    .bindArray("pii", String.class, event.redactedPii())
                    .bind("tenant", event.tenantId()).execute();
            announce(h, AccountChange.tenant(event.tenantId()));
        });
    }

    @EventHandler
    void on(TenantQuotasSet event) {
        jdbi.useHandle(h -> {
            h.createUpdate("update tenant_directory set quota_overrides = :quotas where tenant_id = :tenant")
                    .bindArray("quotas", BigDecimal.class, values(event.overrides()))
                    .bind("tenant", event.tenantId()).execute();
            announce(h, AccountChange.tenant(event.tenantId()));
        });
    }

    @EventHandler
    void on(TenantBudgetSet event) {
        jdbi.useHandle(h -> {
            h.createUpdate("update tenant_directory set budget = :budget where tenant_id = :tenant")
                    .bindArray("budget", BigDecimal.class, values(event.budget()))
                    .bind("tenant", event.tenantId()).execute();
            announce(h, AccountChange.tenant(event.tenantId()));
        });
    }

    @EventHandler
    void on(UserQuotasSet event) {
        jdbi.useHandle(h -> {
            h.createUpdate("update account_directory set quota_overrides = :quotas where user_id = :user")
                    .bindArray("quotas", BigDecimal.class, values(event.overrides()))
                    .bind("user", event.userId()).execute();
            announce(h, AccountChange.user(event.userId()));
        });
    }

    /**
     * A rebuild reads an erased user's name as {@link PersonalData#ERASED}; the user id keeps it unique until
     * {@link UserErased} puts the pseudonym in its place.
     */
    @EventHandler
    void on(UserRegistered event, @org.axonframework.eventhandling.Timestamp Instant at) {
        String username = PersonalData.ERASED.equals(event.username()) ? PersonalData.ERASED + event.userId()
                : event.username();
        jdbi.useHandle(h -> h.createUpdate("""
                        insert into account_directory (user_id, tenant_id, username, roles, plan, created_at)
                        values (:user, :tenant, :username, :roles, :plan, :at)""")
                .bind("user", event.userId()).bind("tenant", event.tenantId()).bind("username", username)
                .bindArray("roles", String.class, event.roles()).bind("plan", event.plan()).bind("at", stored(at))
                .execute());
    }

    /**
     * The name gives way to the pseudonym (so it can be registered again), the account is disabled and its API
     * keys revoked; its sign-in sessions end with it.
     */
    @EventHandler
    void on(UserErased event, @org.axonframework.eventhandling.Timestamp Instant at) {
        jdbi.useHandle(h -> {
            h.createUpdate("update account_directory set username = :pseudonym, disabled = true where user_id = :user")
                    .bind("pseudonym", event.pseudonym()).bind("user", event.userId()).execute();
            h.createUpdate("update api_key set revoked_at = :at where user_id = :user and revoked_at is null")
                    .bind("at", stored(at)).bind("user", event.userId()).execute();
            h.createUpdate("""
                            update auth_session set revoked_at = now(), revoked_reason = 'erased'
                            where user_id = :user and revoked_at is null""")
                    .bind("user", event.userId()).execute();
            announce(h, AccountChange.user(event.userId()));
        });
    }

    @EventHandler
    void on(RetentionPolicySet event) {
        jdbi.useHandle(h -> h.createUpdate(
                        "update tenant_directory set retention_days = :days where tenant_id = :tenant")
                .bind("days", event.conversationDays()).bind("tenant", event.tenantId()).execute());
    }

    @EventHandler
    void on(UserDisabled event) {
        jdbi.useHandle(h -> {
            h.createUpdate("update account_directory set disabled = true where user_id = :user")
                    .bind("user", event.userId()).execute();
            announce(h, AccountChange.user(event.userId()));
        });
    }

    /** Enabling also ends a lockout, as the aggregate does. */
    @EventHandler
    void on(UserEnabled event) {
        jdbi.useHandle(h -> {
            h.createUpdate("update account_directory set disabled = false, locked_until = null where user_id = :user")
                    .bind("user", event.userId()).execute();
            announce(h, AccountChange.user(event.userId()));
        });
    }

    @EventHandler
    void on(RolesAssigned event) {
        jdbi.useHandle(h -> {
            h.createUpdate("update account_directory set roles = :roles where user_id = :user")
                    .bindArray("roles", String.class, event.roles()).bind("user", event.userId()).execute();
            announce(h, AccountChange.user(event.userId()));
        });
    }

    @EventHandler
    void on(UserPlanAssigned event) {
        jdbi.useHandle(h -> {
            h.createUpdate("update account_directory set plan = :plan where user_id = :user")
                    .bind("plan", event.plan()).bind("user", event.userId()).execute();
            announce(h, AccountChange.user(event.userId()));
        });
    }

    @EventHandler
    void on(AccountLocked event) {
        jdbi.useHandle(h -> h.createUpdate("update account_directory set locked_until = :until where user_id = :user")
                .bind("until", event.until()).bind("user", event.userId()).execute());
    }

    @EventHandler
    void on(ApiKeyCreated event, @org.axonframework.eventhandling.Timestamp Instant at) {
        jdbi.useHandle(h -> h.createUpdate("""
                        insert into api_key (key_id, secret_hash, user_id, tenant_id, name, scopes, expires_at,
                                             created_at)
                        values (:key, :hash, :user, :tenant, :name, :scopes, :expires, :at)""")
                .bind("key", event.keyId()).bind("hash", event.secretHash()).bind("user", event.userId())
                .bind("tenant", event.tenantId()).bind("name", event.name())
                .bindArray("scopes", String.class, event.scopes()).bind("expires", event.expiresAt())
                .bind("at", stored(at)).execute());
    }

    @EventHandler
    void on(ApiKeyRevoked event, @org.axonframework.eventhandling.Timestamp Instant at) {
        jdbi.useHandle(h -> {
            h.createUpdate("update api_key set revoked_at = :at where key_id = :key")
                    .bind("at", stored(at)).bind("key", event.keyId()).execute();
            announce(h, AccountChange.apiKey(event.keyId()));
        });
    }

    @EventHandler
    void on(UserRestricted event, @org.axonframework.eventhandling.Timestamp Instant at) {
        jdbi.useHandle(h -> {
            h.createUpdate("""
                            update account_directory set restriction = :mode, restriction_reason = :reason,
                                   restricted_at = :at
                            where user_id = :user""")
                    .bind("mode", event.mode().wireName()).bind("reason", event.reason()).bind("at", stored(at))
                    .bind("user", event.userId()).execute();
            announce(h, AccountChange.user(event.userId()));
        });
    }

    @EventHandler
    void on(UserRestrictionLifted event) {
        jdbi.useHandle(h -> {
            h.createUpdate("""
                            update account_directory set restriction = null, restriction_reason = null,
                                   restricted_at = null
                            where user_id = :user""")
                    .bind("user", event.userId()).execute();
            announce(h, AccountChange.user(event.userId()));
        });
    }

    @EventHandler
    void on(AbusePolicySet event) {
        jdbi.useHandle(h -> h.createUpdate("""
                        update tenant_directory set abuse_threshold = :threshold, abuse_action = :action
                        where tenant_id = :tenant""")
                .bind("threshold", event.threshold()).bind("action", event.action())
                .bind("tenant", event.tenantId()).execute());
    }

    public Optional<Login> findLogin(String username) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select user_id, tenant_id from account_directory where username = :username""")
                .bind("username", AccountRules.canonical(username))
                .map((rs, ctx) -> new Login(rs.getString("user_id"), rs.getString("tenant_id")))
                .findOne());
    }

    /** The account as it is now, joined with the sign-in's session; empty once the session is revoked. */
    Optional<SessionAccess> access(String userId, String sessionId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select a.user_id, a.tenant_id, a.roles, coalesce(a.plan, t.plan) as plan, a.disabled,
                               a.restriction, a.restriction_reason, a.restricted_at, s.expires_at
                        from account_directory a
                        join tenant_directory t on t.tenant_id = a.tenant_id
                        join auth_session s on s.session_id = :session and s.user_id = a.user_id
                        where a.user_id = :user and s.revoked_at is null""")
                .bind("user", userId).bind("session", sessionId)
                .map((rs, ctx) -> new SessionAccess(access(rs), instant(rs, "expires_at")))
                .findOne());
    }

    Optional<KeyGrant> findApiKey(String secretHash) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select k.key_id, k.scopes, k.expires_at, k.revoked_at, a.user_id, a.tenant_id, a.roles,
                               coalesce(a.plan, t.plan) as plan, a.disabled, a.restriction, a.restriction_reason,
                               a.restricted_at
                        from api_key k
                        join account_directory a on a.user_id = k.user_id
                        join tenant_directory t on t.tenant_id = a.tenant_id
                        where k.secret_hash = :hash""")
                .bind("hash", secretHash)
                .map((rs, ctx) -> new KeyGrant(rs.getString("key_id"), access(rs), Set.of(strings(rs, "scopes")),
                        instant(rs, "expires_at"), rs.getTimestamp("revoked_at") != null))
                .findOne());
    }

    /** Across nodes, at most one write a minute per key: the condition is decided by the database. */
    void touchApiKey(String keyId) {
        jdbi.useHandle(h -> h.createUpdate("""
                        update api_key set last_used_at = now()
                        where key_id = :key and (last_used_at is null or last_used_at < now() - interval '1 minute')""")
                .bind("key", keyId).execute());
    }

    GuardPolicy guardPolicy(String tenantId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select injection_policy, redacted_pii from tenant_directory where tenant_id = :tenant""")
                .bind("tenant", tenantId)
                .map((rs, ctx) -> new GuardPolicy(rs.getString("injection_policy"),
                        List.of(strings(rs, "redacted_pii"))))
                .findOne()
                .orElse(GuardPolicy.DEFAULT));
    }

    Optional<QuotaSettings> quotaSettings(String userId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select t.tenant_id, t.plan, t.quota_overrides as tenant_quotas,
                               a.quota_overrides as user_quotas, t.budget, a.restriction
                        from account_directory a join tenant_directory t on t.tenant_id = a.tenant_id
                        where a.user_id = :user""")
                .bind("user", userId)
                .map((rs, ctx) -> new QuotaSettings(rs.getString("tenant_id"), rs.getString("plan"),
                        quotaLimits(rs, "tenant_quotas"), quotaLimits(rs, "user_quotas"), quotaLimits(rs, "budget"),
                        RestrictionMode.THROTTLED.wireName().equals(rs.getString("restriction"))))
                .findOne());
    }

    /** The tenant's own abuse policy; empty when it follows the platform's default. */
    public Optional<AbusePolicy> abusePolicy(String tenantId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select abuse_threshold, abuse_action from tenant_directory
                        where tenant_id = :tenant and abuse_action is not null""")
                .bind("tenant", tenantId)
                .map((rs, ctx) -> new AbusePolicy(rs.getInt("abuse_threshold"), rs.getString("abuse_action")))
                .findOne());
    }

    /** The user's tenant, if the user exists. */
    public Optional<String> tenantOf(String userId) {
        return jdbi.withHandle(h -> h.createQuery("select tenant_id from account_directory where user_id = :user")
                .bind("user", userId).mapTo(String.class).findOne());
    }

    /** A tenant's own retention of conversations in days; null where it keeps the platform's default. */
    public record TenantRetention(String tenantId, Integer conversationDays) {
    }

    public List<TenantRetention> retention() {
        return jdbi.withHandle(h -> h.createQuery(
                        "select tenant_id, retention_days from tenant_directory order by tenant_id")
                .map((rs, ctx) -> new TenantRetention(rs.getString("tenant_id"),
                        rs.getObject("retention_days", Integer.class)))
                .list());
    }

    public boolean tenantExists(String tenantId) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from tenant_directory where tenant_id = :tenant")
                .bind("tenant", tenantId).mapTo(Integer.class).one()) > 0;
    }

    public List<TenantEntry> tenants() {
        return jdbi.withHandle(h -> h.createQuery("""
                        select tenant_id, name, plan, injection_policy, redacted_pii, created_at
                        from tenant_directory order by tenant_id""")
                .map((rs, ctx) -> new TenantEntry(rs.getString("tenant_id"), rs.getString("name"),
                        rs.getString("plan"), new GuardPolicy(rs.getString("injection_policy"),
                        List.of(strings(rs, "redacted_pii"))), instant(rs, "created_at")))
                .list());
    }

    public List<UserEntry> users(String tenantId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select user_id, username, roles, plan, disabled, locked_until, created_at
                        from account_directory where tenant_id = :tenant order by username""")
                .bind("tenant", tenantId)
                .map((rs, ctx) -> new UserEntry(rs.getString("user_id"), rs.getString("username"),
                        List.of(strings(rs, "roles")), rs.getString("plan"), rs.getBoolean("disabled"),
                        instant(rs, "locked_until"), instant(rs, "created_at")))
                .list());
    }

    public List<KeyEntry> apiKeys(String userId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select key_id, name, scopes, expires_at, created_at, revoked_at, last_used_at
                        from api_key where user_id = :user order by created_at""")
                .bind("user", userId)
                .map((rs, ctx) -> new KeyEntry(rs.getString("key_id"), rs.getString("name"),
                        List.of(strings(rs, "scopes")), instant(rs, "expires_at"), instant(rs, "created_at"),
                        instant(rs, "revoked_at"), instant(rs, "last_used_at")))
                .list());
    }

    /**
     * An event's time as the event store keeps it (milliseconds): this handler sees the event before it is
     * stored, and a rebuild sees it after, and both must write the same row.
     */
    private static Instant stored(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS);
    }

    private static Access access(ResultSet rs) throws SQLException {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(strings(rs, "roles")).forEach(name -> Role.fromWire(name).ifPresent(roles::add));
        RestrictionMode mode = RestrictionMode.fromWire(rs.getString("restriction")).orElse(null);
        Restriction restriction = mode == null ? null
                : new Restriction(mode, rs.getString("restriction_reason"), instant(rs, "restricted_at"));
        return new Access(rs.getString("user_id"), rs.getString("tenant_id"), roles, rs.getString("plan"),
                rs.getBoolean("disabled"), restriction);
    }

    private static String[] strings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? new String[0] : (String[]) array.getArray();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    /** One entry per {@link QuotaLimit}, in its declaration order. */
    private static List<BigDecimal> values(QuotaLimits limits) {
        List<BigDecimal> values = new ArrayList<>();
        for (QuotaLimit limit : QuotaLimit.values()) {
            values.add(limits.value(limit));
        }
        return values;
    }

    private static QuotaLimits quotaLimits(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return QuotaLimits.NONE;
        }
        BigDecimal[] stored = (BigDecimal[]) array.getArray();
        Map<QuotaLimit, BigDecimal> values = new EnumMap<>(QuotaLimit.class);
        for (QuotaLimit limit : QuotaLimit.values()) {
            values.put(limit, stored[limit.ordinal()]);
        }
        return QuotaLimits.of(values);
    }
}
