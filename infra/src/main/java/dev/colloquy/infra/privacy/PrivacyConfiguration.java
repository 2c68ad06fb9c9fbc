package dev.colloquy.infra.privacy;

import dev.colloquy.command.account.AccountDirectory;
import dev.colloquy.command.privacy.ErasureProcess;
import dev.colloquy.command.privacy.ErasureRequests;
import dev.colloquy.command.privacy.IdleConversations;
import dev.colloquy.command.privacy.KeyShredding;
import dev.colloquy.command.privacy.OwnedConversations;
import dev.colloquy.command.privacy.RetentionJob;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Crypto-shredding of personal data in events, erasure requests and retention (ADR 0008, docs/privacy.md). */
@Configuration(proxyBeanMethods = false)
public class PrivacyConfiguration {
    private static final Logger log = LoggerFactory.getLogger(PrivacyConfiguration.class);

    @Bean
    public PersonalDataKeys personalDataKeys(Jdbi jdbi, PrivacyProperties properties) {
        return new PersonalDataKeys(jdbi, properties.keyCacheTtl(), properties.keyCacheSize());
    }

    @Bean
    public PersonalDataModule personalDataModule(PersonalDataKeys keys) {
        return new PersonalDataModule(keys);
    }

    @Bean
    public KeyShredding keyShredding(PersonalDataKeys keys, Jdbi jdbi) {
        return new KeyShredding(keys, jdbi);
    }

    @Bean
    public ErasureRequests erasureRequests(Jdbi jdbi) {
        return new ErasureRequests(jdbi);
    }

    @Bean
    public ErasureProcess erasureProcess(ErasureRequests requests, PersonalDataKeys keys, OwnedConversations owned,
                                         CommandGateway commands, PrivacyProperties properties) {
        return new ErasureProcess(requests, keys, owned, commands, properties.erasureStaleAfter(),
                new ErasureRequests.Retry(properties.erasureRetryAfter(), properties.erasureMaxAttempts()));
    }

    /** Reads the conversation read model, which also knows the conversations started before encryption. */
    @Bean
    public OwnedConversations ownedConversations(Jdbi jdbi) {
        return (tenantId, ownerId) -> jdbi.withHandle(h -> h.createQuery("""
                        select id from conversation_view where tenant_id = :tenant and owner_id = :owner
                        order by created_at""")
                .bind("tenant", tenantId).bind("owner", ownerId).mapTo(String.class).list());
    }

    /** Reads the conversation read model: its {@code updated_at} is the conversation's last activity. */
    @Bean
    public IdleConversations idleConversations(Jdbi jdbi) {
        return (tenantId, cutoff, limit) -> jdbi.withHandle(h -> h.createQuery("""
                        select id from conversation_view
                        where tenant_id = :tenant and not erased and updated_at < :cutoff
                        order by updated_at limit :limit""")
                .bind("tenant", tenantId).bind("cutoff", Timestamp.from(cutoff)).bind("limit", limit)
                .mapTo(String.class).list());
    }

    @Bean
    public RetentionJob retentionJob(AccountDirectory directory, IdleConversations idle, CommandGateway commands,
                                     Clock clock, PrivacyProperties properties) {
        PrivacyProperties.Retention retention = properties.retention();
        return new RetentionJob(directory, idle, commands, clock, retention.conversationDays(), retention.batchSize());
    }

    /** Every node sweeps erasure requests and runs retention; both are safe to run on several nodes at once. */
    @Bean(destroyMethod = "shutdownNow")
    public ScheduledExecutorService privacyJobs(ErasureProcess erasures, RetentionJob retention,
                                                PrivacyProperties properties) {
        ScheduledExecutorService jobs = Executors.newScheduledThreadPool(2,
                Thread.ofPlatform().daemon().name("privacy-jobs-", 0).factory());
        long sweep = properties.erasureSweepInterval().toMillis();
        jobs.scheduleWithFixedDelay(() -> guarded("erasure sweep", erasures::sweep), sweep, sweep,
                TimeUnit.MILLISECONDS);
        long every = properties.retention().interval().toMillis();
        if (every > 0) {
            jobs.scheduleWithFixedDelay(() -> guarded("retention", retention::run), every, every,
                    TimeUnit.MILLISECONDS);
        }
        return jobs;
    }

    private static void guarded(String job, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("the {} failed; it runs again at its next interval: {}", job, e.toString());
        }
    }
}
