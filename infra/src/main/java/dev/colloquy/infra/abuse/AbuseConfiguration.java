package dev.colloquy.infra.abuse;

import dev.colloquy.command.abuse.AbuseSuspects;
import dev.colloquy.command.abuse.AbuseSweep;
import dev.colloquy.command.account.AbusePolicy;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Abuse handling: the platform's default policy, the suspects port and the sweep that restricts them. */
@Configuration(proxyBeanMethods = false)
public class AbuseConfiguration {
    @Bean
    public AbusePolicy defaultAbusePolicy(AbuseProperties properties) {
        return new AbusePolicy(properties.defaultThreshold(), properties.defaultAction());
    }

    @Bean
    public AbuseSuspects abuseSuspects(Jdbi jdbi, EventProcessingConfiguration processing) {
        return new ProjectedAbuseSuspects(jdbi, processing);
    }

    @Bean
    public AbuseSweep abuseSweep(AbuseSuspects suspects, CommandGateway commands, AbusePolicy defaultAbusePolicy) {
        return new AbuseSweep(suspects, commands, defaultAbusePolicy);
    }

    @Bean
    public AbuseSweepSchedule abuseSweepSchedule(AbuseSweep sweep, AbuseProperties properties) {
        return new AbuseSweepSchedule(sweep, properties.sweepInterval());
    }
}
