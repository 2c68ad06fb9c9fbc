package dev.colloquy.infra.eventstore;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.EventProcessorProperties;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.transaction.PlatformTransactionManager;

/** Wires {@link DeadLetters}: the enqueue policies, the handlers' savepoints and the queue-size gauges. */
@Configuration
public class DeadLetterConfiguration {
    /** The Axon configuration is lazy here: it is built from the policies this bean registers. */
    @Bean
    public DeadLetters deadLetters(EventProcessorProperties properties,
                                   @Lazy org.axonframework.config.Configuration axon, ConnectionProvider connections,
                                   TransactionManager transactions, DeadLetterSchema schema, Serializer serializer,
                                   @Qualifier("eventSerializer") Serializer eventSerializer) {
        return new DeadLetters(properties, axon, connections, transactions, schema, serializer, eventSerializer);
    }

    @Bean
    public ConfigurerModule deadLetterPolicies(DeadLetters deadLetters, MeterRegistry meters) {
        return deadLetters.policies(meters);
    }

    @Bean
    public HandlerEnhancerDefinition handlerSavepoints(DeadLetters deadLetters,
                                                       PlatformTransactionManager transactions) {
        return deadLetters.savepoints(transactions);
    }

    @Bean
    public MeterBinder deadLetterSizes(DeadLetters deadLetters) {
        return deadLetters.sizes();
    }
}
