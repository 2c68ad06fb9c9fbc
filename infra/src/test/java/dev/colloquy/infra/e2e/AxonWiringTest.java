package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.colloquy.command.reply.ReplyKickoff;
import dev.colloquy.kernel.conversation.MessagePosted;
import dev.colloquy.kernel.reply.ReplyCompleted;
import dev.colloquy.kernel.usage.UsageRecorded;
import dev.colloquy.projections.conversation.ConversationProjection;
import dev.colloquy.query.stream.ReplyStreamEnding;
import java.util.List;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Guards the decisions of ADR 0001 against silent fallbacks: on Spring Boot 4, Axon's auto-configuration
 * quietly runs without transactions or with in-memory stores when it cannot see the beans it needs.
 */
class AxonWiringTest extends EndToEndTest {
    @Autowired
    ApplicationContext context;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everythingIsStoredInPostgresAndRunsInSpringTransactions() {
        assertThat(context.getBean(TransactionManager.class)).isInstanceOf(SpringTransactionManager.class);
        assertThat(context.getBean(EventStorageEngine.class)).isInstanceOf(JdbcEventStorageEngine.class);
        assertThat(context.getBean(TokenStore.class)).isInstanceOf(JdbcTokenStore.class);
        assertThat(context.getBean(SagaStore.class)).isInstanceOf(JdbcSagaStore.class);
        assertThat(context.getBean(DeadlineManager.class)).isInstanceOf(DbSchedulerDeadlineManager.class);
    }

    @Test
    void theConnectionPoolTakesItsConfiguredSettings() {
        HikariDataSource pool = context.getBean(HikariDataSource.class);
        assertThat(pool.getMaximumPoolSize()).as("spring.datasource.hikari.maximum-pool-size").isEqualTo(20);
        assertThat(pool.getDataSourceProperties()).containsEntry("logServerErrorDetail", "false");
    }

    @Test
    void processorsRunInTheModesTheDesignNeeds() {
        assertThat(processing.eventProcessor(ConversationProjection.GROUP)).get()
                .isInstanceOf(PooledStreamingEventProcessor.class);
        assertThat(processing.eventProcessor("ReplySagaProcessor")).get()
                .isInstanceOf(PooledStreamingEventProcessor.class);
        assertThat(processing.eventProcessor(ReplyStreamEnding.GROUP)).get()
                .isInstanceOf(SubscribingEventProcessor.class);
        assertThat(processing.eventProcessor(ReplyKickoff.GROUP)).get()
                .isInstanceOf(SubscribingEventProcessor.class);
        assertThat(processing.eventProcessor("account-directory")).get()
                .isInstanceOf(SubscribingEventProcessor.class);
        assertThat(processing.eventProcessor("abuse-signals")).get()
                .isInstanceOf(PooledStreamingEventProcessor.class);
        assertThat(processing.eventProcessor("abuse-metrics")).get()
                .isInstanceOf(SubscribingEventProcessor.class);
        // Subscribing: the key is shredded, and the request's row written, in the event's own transaction.
        for (String group : List.of("key-shredding", "erasure-requests", "quota-settlement")) {
            assertThat(processing.eventProcessor(group)).as(group).get().isInstanceOf(SubscribingEventProcessor.class);
        }
        for (String group : List.of("usage-ledger", "audit-accesses")) {
            assertThat(processing.eventProcessor(group)).as(group).get()
                    .isInstanceOf(PooledStreamingEventProcessor.class);
        }
    }

    /** Events stored in their first shape are read in today's, with the values true of every old event. */
    @Test
    void eventsOfAnOlderRevisionAreUpcastWhenRead() {
        String id = asAlice.start("simulator", null);
        asAlice.awaitCharged(asAlice.post(id, "from an older release", null).path("replyId").asText());
        jdbc.update("""
                update domainevententry
                set payloadrevision = '1',
                    payload = convert_to((convert_from(payload, 'UTF8')::jsonb - 'injectionScore'
                              - 'injectionCategories' - 'stripped' - 'redactedPii' - 'estimated')::text, 'UTF8')
                where aggregateidentifier = ? and (payloadtype like '%MessagePosted' or payloadtype like '%ReplyCompleted'
                                                   or payloadtype like '%UsageRecorded')""",
                id);

        List<Object> payloads = eventStore.readEvents(id).asStream().map(m -> (Object) m.getPayload()).toList();

        MessagePosted posted = (MessagePosted) payloads.stream().filter(MessagePosted.class::isInstance).findFirst()
                .orElseThrow();
        ReplyCompleted completed = (ReplyCompleted) payloads.stream().filter(ReplyCompleted.class::isInstance)
                .findFirst().orElseThrow();
        assertThat(posted.content()).isEqualTo("from an older release");
        assertThat(posted.injectionScore()).isZero();
        assertThat(posted.injectionCategories()).isEmpty();
        assertThat(posted.stripped()).isEmpty();
        assertThat(completed.redactedPii()).isEmpty();
        assertThat(completed.content()).isNotBlank();
        UsageRecorded usage = (UsageRecorded) payloads.stream().filter(UsageRecorded.class::isInstance).findFirst()
                .orElseThrow();
        assertThat(usage.estimated()).isFalse();
        assertThat(usage.completionTokens()).isPositive();
    }
}
