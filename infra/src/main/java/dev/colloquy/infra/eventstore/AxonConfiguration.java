package dev.colloquy.infra.eventstore;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.zaxxer.hikari.HikariDataSource;
import dev.colloquy.infra.ColloquyProperties;
import dev.colloquy.infra.node.NodeName;
import dev.colloquy.infra.privacy.PersonalDataModule;
import dev.colloquy.kernel.MetadataKeys;
import java.math.BigDecimal;
import java.time.Duration;
import javax.sql.DataSource;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSqlSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.axonframework.springboot.TokenStoreProperties;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Axon without Axon Server: the JDBC event store, token store and saga store on PostgreSQL (tables from Flyway),
 * Jackson everywhere, and deadlines persisted by db-scheduler.
 */
@Configuration
public class AxonConfiguration {

    /**
     * Declared here because Axon 4.13's JDBC auto-configuration is ordered after Spring Boot 3's class names
     * and on Boot 4 would otherwise find no DataSource and fall back to no event store at all. The pool's own
     * settings ({@code spring.datasource.hikari.*}) bind to it as they would to Boot's.
     */
    @Bean
    @Primary
    @ConfigurationProperties("spring.datasource.hikari")
    public DataSource dataSource(DataSourceProperties properties) {
        return properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
    }

    @Bean
    public PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }

    /**
     * Declared for the same reason as the DataSource: otherwise Axon's auto-configuration looks for the
     * transaction manager before Boot 4 creates it and silently runs without transactions, so events, tokens
     * and read-model rows would no longer commit together.
     */
    @Bean
    public TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    /** Joins the Spring transaction Axon runs each batch in, so read models commit with their token. */
    @Bean
    public Jdbi jdbi(DataSource dataSource) {
        Jdbi jdbi = Jdbi.create(new TransactionAwareDataSourceProxy(dataSource));
        jdbi.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
        jdbi.registerArrayType(BigDecimal.class, "numeric");
        // A failing statement's message would otherwise carry its bound values: message text, titles, usernames.
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
        return jdbi;
    }

    /**
     * Keeps loaded conversations in memory, so a command does not replay the whole history; an entry serves only
     * while it is the conversation's latest version in the store, which another node may have moved on.
     */
    @Bean
    public Cache conversationCache(Jdbi jdbi) {
        return new BoundedCache(10_000, Duration.ofMinutes(30), id -> jdbi.withHandle(h -> h.createQuery(
                        "select max(sequencenumber) from domainevententry where aggregateidentifier = :id")
                .bind("id", id.toString()).mapTo(Long.class).one()));
    }

    /**
     * Axon's own owner name is {@code pid@host}: two nodes in one JVM (the tests) would both own every segment.
     * The node's name makes each claim one node's.
     */
    @Bean
    public TokenStore tokenStore(ConnectionProvider connections, Serializer serializer, TokenStoreProperties tokens,
                                 ColloquyProperties properties) {
        return JdbcTokenStore.builder().connectionProvider(connections).serializer(serializer)
                .schema(TokenSchema.builder().build())
                .claimTimeout(tokens.getClaimTimeout()).nodeId(NodeName.of(properties).value()).build();
    }

    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new AppendConflicts();
    }

    /** Commands that lost a race with another node for their aggregate are sent again (ConflictRetry). */
    @Bean
    public CommandGateway commandGateway(CommandBus commandBus) {
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(new ConflictRetry(3)).build();
    }

    @Bean
    public SagaSqlSchema sagaSqlSchema() {
        return new PostgresSagaSqlSchema();
    }

    @Bean
    @Primary
    public Serializer serializer() {
        return jackson();
    }

    /**
     * Events only: their personal data is encrypted per data subject (ADR 0008). Sagas, tokens and deadlines,
     * serialized by the others, hold ids and numbers, never personal text.
     */
    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(PersonalDataModule personalData) {
        return jackson(personalData);
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer() {
        return jackson();
    }

    private static Serializer jackson(Module... modules) {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModules(modules)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // Older readers must survive fields added by newer event revisions.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return JacksonSerializer.builder().objectMapper(mapper).build();
    }

    /** The source every pooled streaming processor reads (see application.yml). */
    /**
     * Axon's embedded store, as its auto-configuration makes it, but looking for events other nodes stored every
     * {@code colloquy.cluster.event-fetch-delay} (25 ms) instead of every second: this node's own commits wake it
     * at once, and with processor segments on both nodes (ADR 0015) a message accepted here waits for a projection
     * there to see its events. An idle node asks the store 40 times a second, with one indexed query each.
     */
    /** As Axon's JDBC auto-configuration makes it; declared because it stands back once an event store is. */
    @Bean
    public EventStorageEngine eventStorageEngine(Serializer serializer, PersistenceExceptionResolver conflicts,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 org.axonframework.config.Configuration configuration,
                                                 ConnectionProvider connections, TransactionManager transactions) {
        return JdbcEventStorageEngine.builder().snapshotSerializer(serializer)
                .upcasterChain(configuration.upcasterChain()).persistenceExceptionResolver(conflicts)
                .eventSerializer(eventSerializer).snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connections).transactionManager(transactions).schema(new EventSchema())
                .build();
    }

    @Bean
    public EmbeddedEventStore eventStore(EventStorageEngine storageEngine,
                                         org.axonframework.config.Configuration configuration,
                                         ColloquyProperties properties) {
        return EmbeddedEventStore.builder().storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(properties.cluster().eventFetchDelay().toMillis())
                .build();
    }

    @Bean
    public PromptEventSource promptEventSource(EventStore eventStore) {
        return new PromptEventSource(eventStore);
    }

    /** Tenant, actor and trace id flow from each command to the events and commands it causes. */
    @Bean
    public CorrelationDataProvider tenantActorTrace() {
        return new SimpleCorrelationDataProvider(MetadataKeys.TENANT, MetadataKeys.ACTOR, MetadataKeys.TRACE_ID);
    }

    /** Axon's own origin keys, renamed so that its "trace" (the root message id) never shadows our trace id. */
    @Bean
    public CorrelationDataProvider messageOrigin() {
        return new MessageOriginProvider("correlationId", "causationId");
    }

    /** A projection or saga that fails retries its batch rather than skipping the event. */
    @Bean
    public ConfigurerModule retryFailedHandlers() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance()));
    }

    @Bean(destroyMethod = "")
    public Scheduler deadlineScheduler(DataSource dataSource, ApplicationContext context) {
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource),
                        DbSchedulerDeadlineManager.binaryTask(() -> context.getBean(DbSchedulerDeadlineManager.class)))
                .threads(2)
                .pollingInterval(Duration.ofSeconds(1))
                .build();
    }

    @Bean
    public DbSchedulerDeadlineManager deadlineManager(Scheduler deadlineScheduler,
                                           org.axonframework.config.Configuration configuration,
                                           Serializer serializer, TransactionManager transactionManager) {
        return DbSchedulerDeadlineManager.builder()
                .scheduler(deadlineScheduler)
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(configuration))
                .serializer(serializer)
                .transactionManager(transactionManager)
                .startScheduler(true)
                .stopScheduler(true)
                .build();
    }
}
