package dev.colloquy.infra.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Tells whoever started the demo profile which users exist and how to get a token. */
@Component
public class DemoUsersBanner implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(DemoUsersBanner.class);

    private final AuthProperties properties;

    public DemoUsersBanner(AuthProperties properties) {
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.demoUsers().isEmpty()) {
            return;
        }
        StringBuilder banner = new StringBuilder("Demo profile (not for production); these users can log in:");
        properties.demoUsers().forEach(u -> banner.append(String.format("%n  %-20s password %-15s tenant %-8s roles %s",
                u.username(), u.password(), u.tenant(), u.roles())));
        AuthProperties.DemoUser first = properties.demoUsers().getFirst();
        banner.append(String.format("%n  get a token: curl -s -X POST localhost:8080/api/v1/auth/token"
                + " -H 'Content-Type: application/json' -d '{\"username\":\"%s\",\"password\":\"%s\"}'",
                first.username(), first.password()));
        log.info("{}", banner);
    }
}
