package dev.colloquy.infra.integration;

import dev.colloquy.kernel.MetadataKeys;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.async.MetaDataSequencingPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.util.StringUtils;

/**
 * Kafka publishing of integration events, present only when bootstrap servers are configured. The producer is
 * built here rather than by Boot's auto-configuration, whose default of localhost:9092 would connect regardless.
 */
@Configuration
@Conditional(KafkaIntegrationConfiguration.BrokerConfigured.class)
public class KafkaIntegrationConfiguration {

    @Bean
    public ProducerFactory<String, String> integrationProducerFactory(KafkaIntegrationProperties properties) {
        Map<String, Object> config = new HashMap<>(properties.producer());
        long delivery = properties.deliveryTimeout().toMillis();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
        // Kafka requires delivery >= linger + request timeout; every send is awaited, so lingering only adds latency.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, delivery / 2));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, delivery);
        return new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new StringSerializer());
    }

    @Bean
    public KafkaTemplate<String, String> integrationKafkaTemplate(ProducerFactory<String, String> factory) {
        return new KafkaTemplate<>(factory);
    }

    @Bean
    public KafkaEventPublisher kafkaEventPublisher(KafkaTemplate<String, String> integrationKafkaTemplate,
                                                   KafkaIntegrationProperties properties, MeterRegistry registry) {
        return new KafkaEventPublisher(integrationKafkaTemplate, properties, registry);
    }

    /**
     * One tenant's events stay in one segment, so they reach its partition (the key is the tenant) in the order
     * they were stored, while different tenants publish in parallel.
     */
    @Bean
    public ConfigurerModule integrationEventsInTenantOrder() {
        return configurer -> configurer.eventProcessing(processing -> processing.registerSequencingPolicy(
                KafkaEventPublisher.GROUP, c -> MetaDataSequencingPolicy.builder()
                        .metaDataKey(MetadataKeys.TENANT).build()));
    }

    static final class BrokerConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment()
                    .getProperty("colloquy.integration.kafka.bootstrap-servers"));
        }
    }
}
