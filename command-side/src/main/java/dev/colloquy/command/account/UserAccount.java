package dev.colloquy.command.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.colloquy.command.plan.Plans;
import dev.colloquy.kernel.abuse.LiftRestriction;
import dev.colloquy.kernel.abuse.RestrictUser;
import dev.colloquy.kernel.abuse.RestrictionMode;
import dev.colloquy.kernel.abuse.UserRestricted;
import dev.colloquy.kernel.abuse.UserRestrictionLifted;
import dev.colloquy.kernel.account.AccountLocked;
import dev.colloquy.kernel.account.ApiKeyCreated;
import dev.colloquy.kernel.account.ApiKeyRevoked;
import dev.colloquy.kernel.account.AssignRoles;
import dev.colloquy.kernel.account.AssignUserPlan;
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
import dev.colloquy.kernel.account.UserPlanAssigned;
import dev.colloquy.kernel.account.UserRegistered;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.privacy.EraseUser;
import dev.colloquy.kernel.privacy.ErasureRequested;
import dev.colloquy.kernel.privacy.RequestErasure;
import dev.colloquy.kernel.privacy.UserErased;
import dev.colloquy.kernel.quota.QuotaExceeded;
import dev.colloquy.kernel.quota.QuotaLimit;
import dev.colloquy.kernel.quota.QuotaLimits;
import dev.colloquy.kernel.quota.QuotaSoftLimitReached;
import dev.colloquy.kernel.quota.RateLimitExceeded;
import dev.colloquy.kernel.quota.RecordQuotaRefusal;
import dev.colloquy.kernel.quota.RecordQuotaWarning;
import dev.colloquy.kernel.quota.RecordRateLimitRefusal;
import dev.colloquy.kernel.quota.SetUserQuotas;
import dev.colloquy.kernel.quota.UserQuotasSet;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A person (or program owner) of one tenant: credentials, roles, plan, API keys, and the failed logins that
 * lock the account, its quota overrides, the quota and rate-limit events of its requests (what abuse
 * signals are built from) and its restriction (suspended or throttled) for abuse. Commands naming another
 * tenant answer "not found", as if the account did not exist.
 */
@Aggregate
public class UserAccount {
    @AggregateIdentifier
    private String id;
    private String tenantId;
    private String passwordHash;
    private List<String> roles;
    private String plan;
    private boolean disabled;
    /** Erased accounts answer "not found" to everything and can never sign in again. */
    private boolean erased;
    private final Map<String, Boolean> apiKeysRevoked = new HashMap<>();
    private QuotaLimits quotaOverrides = QuotaLimits.NONE;
    /** The period of each limit's last soft-limit warning: one warning per limit and period. */
    private final Map<QuotaLimit, Instant> warnedPeriods = new EnumMap<>(QuotaLimit.class);
    private RestrictionMode restriction;
    /** When a tenant admin last lifted a restriction: the abuse policy may not act on evidence older than this. */
    private Instant restrictionLiftedAt = Instant.MIN;

    protected UserAccount() {
        // Axon rebuilds the aggregate from its events.
    }

    @CommandHandler
    public UserAccount(RegisterUser command, Plans plans) {
        AccountRules.requireUsername(command.username());
        List<String> roles = AccountRules.roles(command.roles());
        if (command.plan() != null) {
            plans.require(command.plan());
        }
        Objects.requireNonNull(command.passwordHash(), "passwordHash");
        apply(new UserRegistered(command.userId(), command.tenantId(), AccountRules.canonical(command.username()),
                command.passwordHash(), roles, command.plan()));
    }

    @CommandHandler
    public void handle(DisableUser command) {
        requireTenant(command.tenantId());
        if (!disabled) {
            apply(new UserDisabled(id, tenantId));
        }
    }

    @CommandHandler
    public void handle(EnableUser command) {
        requireTenant(command.tenantId());
        if (disabled) {
            apply(new UserEnabled(id, tenantId));
        }
    }

    @CommandHandler
    public void handle(AssignRoles command) {
        requireTenant(command.tenantId());
        List<String> assigned = AccountRules.roles(command.roles());
        if (!assigned.equals(roles)) {
            apply(new RolesAssigned(id, tenantId, assigned));
        }
    }

    @CommandHandler
    public void handle(AssignUserPlan command, Plans plans) {
        requireTenant(command.tenantId());
        if (command.plan() != null) {
            plans.require(command.plan());
        }
        if (!Objects.equals(command.plan(), plan)) {
            apply(new UserPlanAssigned(id, tenantId, command.plan()));
        }
    }

    /**
     * Never throws for a wrong password: the failure must be recorded, and an exception would roll it back. A
     * disabled account is refused without checking the password. Repeated failures lock the username for the
     * client address they come from (SignInLockout), not the account for everyone: so the account locks nothing
     * itself, and an {@link AccountLocked} of its history no longer bars anyone.
     */
    @CommandHandler
    public LoginOutcome handle(AttemptLogin command, PasswordEncoder passwords) {
        if (disabled) {
            apply(new LoginFailed(id, tenantId, LoginOutcome.DISABLED.name()));
            return LoginOutcome.DISABLED;
        }
        if (command.password() != null && passwords.matches(command.password(), passwordHash)) {
            apply(new LoginSucceeded(id, tenantId));
            return LoginOutcome.ACCEPTED;
        }
        apply(new LoginFailed(id, tenantId, LoginOutcome.WRONG_PASSWORD.name()));
        return LoginOutcome.WRONG_PASSWORD;
    }

    @CommandHandler
    public void handle(ChangePassword command, PasswordEncoder passwords) {
        requireTenant(command.tenantId());
        if (command.currentPassword() == null || !passwords.matches(command.currentPassword(), passwordHash)) {
            throw ColloquyException.invalid("currentPassword", "the current password is not right");
        }
        apply(new PasswordChanged(id, tenantId, command.newPasswordHash(), false));
    }

    @CommandHandler
    public void handle(ResetPassword command) {
        requireTenant(command.tenantId());
        apply(new PasswordChanged(id, tenantId, command.newPasswordHash(), true));
    }

    @CommandHandler
    public void handle(CreateApiKey command) {
        requireTenant(command.tenantId());
        AccountRules.requireText("name", command.name(), 100);
        List<String> scopes = AccountRules.scopes(command.scopes());
        if (command.expiresAt() != null && !command.expiresAt().isAfter(GenericEventMessage.clock.instant())) {
            throw ColloquyException.invalid("expiresAt", "expiresAt must be in the future");
        }
        apply(new ApiKeyCreated(id, tenantId, command.keyId(), command.name().strip(), scopes, command.expiresAt(),
                command.secretHash()));
    }

    @CommandHandler
    public void handle(RevokeApiKey command) {
        requireTenant(command.tenantId());
        Boolean revoked = apiKeysRevoked.get(command.keyId());
        if (revoked == null) {
            throw ColloquyException.notFound("api key");
        }
        if (!revoked) {
            apply(new ApiKeyRevoked(id, tenantId, command.keyId()));
        }
    }

    @CommandHandler
    public void handle(SetUserQuotas command) {
        requireTenant(command.tenantId());
        QuotaLimits overrides = command.overrides() == null ? QuotaLimits.NONE : command.overrides();
        if (!overrides.equals(quotaOverrides)) {
            apply(new UserQuotasSet(id, tenantId, overrides));
        }
    }

    @CommandHandler
    public void handle(RecordQuotaWarning command) {
        requireTenant(command.tenantId());
        if (!command.periodStart().equals(warnedPeriods.get(command.limit()))) {
            apply(new QuotaSoftLimitReached(id, tenantId, command.limit(), command.periodStart(), command.used(),
                    command.limitValue()));
        }
    }

    @CommandHandler
    public void handle(RecordQuotaRefusal command) {
        requireTenant(command.tenantId());
        apply(new QuotaExceeded(id, tenantId, command.scope(), command.limit(), command.conversationId(),
                command.resetsAt()));
    }

    @CommandHandler
    public void handle(RecordRateLimitRefusal command) {
        requireTenant(command.tenantId());
        apply(new RateLimitExceeded(id, tenantId, command.limit()));
    }

    /**
     * A tenant admin may set or change the mode at any time. The abuse policy only restricts a user who is not
     * restricted, on evidence newer than the last reinstatement; anything else is a no-op, so several nodes
     * sweeping the same suspects, or a sweep racing with an admin's reinstatement, restrict at most once.
     */
    @CommandHandler
    public void handle(RestrictUser command) {
        requireTenant(command.tenantId());
        if (command.mode() == null) {
            throw ColloquyException.invalid("mode", "mode must be suspended or throttled");
        }
        AccountRules.requireText("reason", command.reason(), 500);
        if (command.automatic()
                && (restriction != null || !command.evidenceAt().isAfter(restrictionLiftedAt))) {
            return;
        }
        if (command.mode() != restriction) {
            apply(new UserRestricted(id, tenantId, command.mode(), command.reason().strip(), command.score(),
                    command.automatic()));
        }
    }

    @CommandHandler
    public void handle(LiftRestriction command) {
        requireTenant(command.tenantId());
        if (restriction != null) {
            apply(new UserRestrictionLifted(id, tenantId, restriction));
        }
    }

    /** Recorded first; the erasure process then erases the user's conversations and profile. */
    @CommandHandler
    public void handle(RequestErasure command) {
        requireTenant(command.tenantId());
        apply(new ErasureRequested(command.requestId(), id, tenantId, command.requestedBy()));
    }

    /** Idempotent, so that an erasure resumed after a crash can repeat it. */
    @CommandHandler
    public void handle(EraseUser command) {
        if (!tenantId.equals(command.tenantId())) {
            throw ColloquyException.notFound("user");
        }
        if (!erased) {
            apply(new UserErased(id, tenantId, command.requestId(), command.pseudonym()));
        }
    }

    private void requireTenant(String caller) {
        if (erased || !tenantId.equals(caller)) {
            throw ColloquyException.notFound("user");
        }
    }

    @EventSourcingHandler
    void on(UserRegistered event) {
        id = event.userId();
        tenantId = event.tenantId();
        passwordHash = event.passwordHash();
        roles = List.copyOf(event.roles());
        plan = event.plan();
    }

    @EventSourcingHandler
    void on(UserErased event) {
        erased = true;
        disabled = true;
        passwordHash = null;
    }

    @EventSourcingHandler
    void on(PasswordChanged event) {
        passwordHash = event.passwordHash();
    }

    @EventSourcingHandler
    void on(UserDisabled event) {
        disabled = true;
    }

    @EventSourcingHandler
    void on(UserEnabled event) {
        disabled = false;
    }

    @EventSourcingHandler
    void on(RolesAssigned event) {
        roles = List.copyOf(event.roles());
    }

    @EventSourcingHandler
    void on(UserPlanAssigned event) {
        plan = event.plan();
    }

    @EventSourcingHandler
    void on(ApiKeyCreated event) {
        apiKeysRevoked.put(event.keyId(), false);
    }

    @EventSourcingHandler
    void on(ApiKeyRevoked event) {
        apiKeysRevoked.put(event.keyId(), true);
    }

    @EventSourcingHandler
    void on(UserQuotasSet event) {
        quotaOverrides = event.overrides();
    }

    @EventSourcingHandler
    void on(QuotaSoftLimitReached event) {
        warnedPeriods.put(event.limit(), event.periodStart());
    }

    @EventSourcingHandler
    void on(UserRestricted event) {
        restriction = event.mode();
    }

    @EventSourcingHandler
    void on(UserRestrictionLifted event, @Timestamp Instant at) {
        restriction = null;
        restrictionLiftedAt = at;
    }
}
