package dev.colloquy.infra.account;

import dev.colloquy.command.account.AccountCache;
import dev.colloquy.command.account.AccountDirectory;
import dev.colloquy.command.account.DirectoryRebuild;
import dev.colloquy.command.account.LoginPolicy;
import dev.colloquy.command.ratelimit.RateLimiter;
import dev.colloquy.command.ratelimit.SignInLockout;
import dev.colloquy.command.account.Sessions;
import dev.colloquy.command.guard.InputGuard;
import dev.colloquy.command.model.ModelCatalogue;
import dev.colloquy.command.plan.ModelAccess;
import dev.colloquy.command.plan.Plan;
import dev.colloquy.command.plan.Plans;
import dev.colloquy.infra.ColloquyProperties;
import dev.colloquy.infra.auth.AccessPolicy;
import dev.colloquy.infra.auth.AuthProperties;
import java.time.Clock;
import java.util.List;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Wires accounts, plans and guards: the directory, sessions, password hashing and the plan catalogue. */
@Configuration
public class AccountConfiguration {

    @Bean
    public AccountDirectory accountDirectory(Jdbi jdbi) {
        return new AccountDirectory(jdbi);
    }

    @Bean
    public Sessions sessions(Jdbi jdbi, AccountDirectory directory) {
        return new Sessions(jdbi, directory);
    }

    @Bean
    public AccountCache accountCache(AccountDirectory directory, Clock clock, AuthProperties properties) {
        return new AccountCache(directory, clock, properties.accountCacheMaxAge());
    }

    @Bean
    public DirectoryRebuild directoryRebuild(AccountDirectory directory, EventStore eventStore,
                                             TransactionManager transactions, Jdbi jdbi) {
        return new DirectoryRebuild(directory, eventStore, transactions, jdbi);
    }

    @Bean
    public PasswordEncoder passwordEncoder(AuthProperties properties) {
        return new BCryptPasswordEncoder(properties.bcryptStrength());
    }

    @Bean
    public LoginPolicy loginPolicy(AuthProperties properties) {
        AuthProperties.Lockout lockout = properties.lockout();
        return new LoginPolicy(lockout.maxFailures(), lockout.lockFor());
    }

    @Bean
    public SignInLockout signInLockout(RateLimiter limiter, LoginPolicy policy) {
        return new SignInLockout(limiter, policy);
    }

    @Bean
    public AccessPolicy accessPolicy() {
        return new AccessPolicy();
    }

    @Bean
    public Plans plans(ColloquyProperties properties, ModelCatalogue catalogue) {
        ColloquyProperties.PlanSettings settings = properties.plans();
        List<Plan> plans = settings.definitions().entrySet().stream()
                .map(e -> new Plan(e.getKey(), e.getValue().models(), e.getValue().maxContentChars(),
                        e.getValue().rateLimits(), e.getValue().quotas(), e.getValue().tenantBudget(),
                        e.getValue().knowledge()))
                .toList();
        for (Plan plan : plans) {
            for (String model : plan.models()) {
                if (catalogue.find(model).isEmpty()) {
                    throw new IllegalStateException("plan " + plan.name() + " names model " + model
                            + ", which is not in the catalogue");
                }
            }
        }
        return new Plans(plans, settings.guestPlan());
    }

    @Bean
    public ModelAccess modelAccess(Plans plans, ModelCatalogue catalogue) {
        return new ModelAccess(plans, catalogue);
    }

    @Bean
    public InputGuard inputGuard() {
        return new InputGuard();
    }
}
