package dev.colloquy.infra.account;

import dev.colloquy.command.account.AccountDirectory;
import dev.colloquy.kernel.EntityId;
import dev.colloquy.kernel.MetadataKeys;
import dev.colloquy.kernel.account.CreateTenant;
import dev.colloquy.kernel.account.RegisterUser;
import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Creates the demo tenants and users (only the demo profile lists any) through the same commands an admin
 * would send, so they have the same events and history; says who can log in. Safe to run on every start.
 */
@Component
public class DemoSeed implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(DemoSeed.class);
    private static final String ACTOR = "system:demo-seed";

    private final DemoProperties demo;
    private final AccountDirectory directory;
    private final CommandGateway commands;
    private final PasswordEncoder passwords;

    public DemoSeed(DemoProperties demo, AccountDirectory directory, CommandGateway commands,
                    PasswordEncoder passwords) {
        this.demo = demo;
        this.directory = directory;
        this.commands = commands;
        this.passwords = passwords;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (demo.users().isEmpty() && demo.tenants().isEmpty()) {
            return;
        }
        demo.tenants().stream().filter(t -> !directory.tenantExists(t.id())).forEach(t ->
                send(t.id(), new CreateTenant(t.id(), t.name(), t.plan())));
        String hash = passwords.encode(demo.password());
        demo.users().stream().filter(u -> directory.findLogin(u.username()).isEmpty()).forEach(u ->
                send(u.tenant(), new RegisterUser(EntityId.random(), u.tenant(), u.username(), hash, u.roles(), null)));
        if (demo.users().isEmpty()) {
            return;
        }
        StringBuilder banner = new StringBuilder("Demo profile (not for production); these users can log in with "
                + "password " + demo.password() + ":");
        demo.users().forEach(u -> banner.append(String.format("%n  %-22s tenant %-9s roles %s", u.username(),
                u.tenant(), u.roles())));
        banner.append(String.format("%n  get a token: curl -s -X POST localhost:8080/api/v1/auth/token"
                + " -H 'Content-Type: application/json' -d '{\"username\":\"%s\",\"password\":\"%s\"}'",
                demo.users().getFirst().username(), demo.password()));
        log.info("{}", banner);
    }

    private void send(String tenant, Object command) {
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(Map.of(
                MetadataKeys.TENANT, tenant, MetadataKeys.ACTOR, ACTOR, MetadataKeys.TRACE_ID, EntityId.random())));
    }
}
