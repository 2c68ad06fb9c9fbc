package dev.colloquy.infra.privacy;

import dev.colloquy.command.account.AccountDirectory;
import dev.colloquy.command.privacy.ErasureProcess;
import dev.colloquy.command.privacy.ErasureRequests;
import dev.colloquy.command.privacy.IdleConversations;
import dev.colloquy.command.privacy.KeyShredding;
import dev.colloquy.command.privacy.OwnedConversations;
import dev.colloquy.command.privacy.RetentionJob;
import dev.colloquy.infra.schedule.PeriodicJob;
import java.sql.Timestamp;
import java.time.Clock;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Crypto-shredding of personal data in events, erasure requests and retention (ADR 0008, docs/privacy.md). */
@Configuration(proxyBeanMethods = false)
public class PrivacyConfiguration {
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

    /** Every node sweeps erasure requests: a request is claimed by one node at a time. */
    @Bean
    public PeriodicJob erasureSweepSchedule(ErasureProcess erasures, PrivacyProperties properties) {
        return new PeriodicJob("erasure-sweep", properties.erasureSweepInterval(), erasures::sweep);
    }

    /** Every node runs retention; erasing an erased conversation again changes nothing. */
    @Bean
    public PeriodicJob retentionSchedule(RetentionJob retention, PrivacyProperties properties) {
        return new PeriodicJob("retention", properties.retention().interval(), retention::run);
    }
}
