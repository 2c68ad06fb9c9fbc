package dev.colloquy.infra.abuse;

import dev.colloquy.command.abuse.AbuseSuspects;
import dev.colloquy.command.abuse.AbuseSweep;
import dev.colloquy.command.account.AbusePolicy;
import dev.colloquy.infra.schedule.PeriodicJob;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Abuse handling: the platform's default policy, the suspects port and the sweep that restricts them. */
@Configuration(proxyBeanMethods = false)
public class AbuseConfiguration {
    private static final Logger log = LoggerFactory.getLogger(AbuseConfiguration.class);

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
    public PeriodicJob abuseSweepSchedule(AbuseSweep sweep, AbuseProperties properties) {
        return new PeriodicJob("abuse-sweep", properties.sweepInterval(), () -> {
            int acted = sweep.sweep();
            if (acted > 0) {
                log.info("the abuse policy acted on {} users", acted);
            }
        });
    }
}
