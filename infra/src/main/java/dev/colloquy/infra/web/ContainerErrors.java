package dev.colloquy.infra.web;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Makes Tomcat report the errors it answers itself in the error envelope ({@link ContainerErrorReport}). */
@Configuration
public class ContainerErrors {
    @Bean
    public TomcatContextCustomizer envelopeForContainerErrors() {
        // The host adds its error report valve by class name when it starts, after the context is configured.
        return context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ContainerErrorReport.class.getName());
            }
        };
    }
}
