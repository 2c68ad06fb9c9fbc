package dev.colloquy.infra.account;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The demo profile's tenants and users, created through the ordinary commands at start-up when missing. */
@ConfigurationProperties("colloquy.demo")
public record DemoProperties(String password, List<DemoTenant> tenants, List<DemoUser> users) {
    public DemoProperties {
        tenants = tenants == null ? List.of() : List.copyOf(tenants);
        users = users == null ? List.of() : List.copyOf(users);
    }

    public record DemoTenant(String id, String name, String plan) {
    }

    public record DemoUser(String username, String tenant, List<String> roles) {
    }
}
