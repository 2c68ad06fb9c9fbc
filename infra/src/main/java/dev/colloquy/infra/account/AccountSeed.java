package dev.colloquy.infra.account;

import dev.colloquy.command.account.AccountDirectory;
import dev.colloquy.command.account.AccountRules;
import dev.colloquy.kernel.EntityId;
import dev.colloquy.kernel.MetadataKeys;
import dev.colloquy.kernel.account.CreateTenant;
import dev.colloquy.kernel.account.RegisterUser;
import java.util.function.BooleanSupplier;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Creates the configured tenants and users that do not exist yet, through the same commands an admin would
 * send, so they have the same events and history. Safe to run on every start and on every node.
 */
@Component
public class AccountSeed implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(AccountSeed.class);
    private static final String ACTOR = "system:seed";

    private final SeedProperties seed;
    private final AccountDirectory directory;
    private final CommandGateway commands;
    private final PasswordEncoder passwords;

    public AccountSeed(SeedProperties seed, AccountDirectory directory, CommandGateway commands,
                       PasswordEncoder passwords) {
        this.seed = seed;
        this.directory = directory;
        this.commands = commands;
        this.passwords = passwords;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (SeedProperties.SeedTenant tenant : seed.tenants()) {
            if (!directory.tenantExists(tenant.id())) {
                create(tenant.id(), new CreateTenant(tenant.id(), tenant.name(), tenant.plan()),
                        () -> directory.tenantExists(tenant.id()));
            }
        }
        for (SeedProperties.SeedUser user : seed.users()) {
            if (directory.findLogin(user.username()).isEmpty()) {
                AccountRules.requirePassword(user.password());
                create(user.tenant(), new RegisterUser(EntityId.random(), user.tenant(), user.username(),
                        passwords.encode(user.password()), user.roles(), null),
                        () -> directory.findLogin(user.username()).isPresent());
            }
        }
        if (seed.showCredentials() && !seed.users().isEmpty()) {
            announceDemoUsers();
        }
    }

    private void announceDemoUsers() {
        StringBuilder banner = new StringBuilder("Demo profile (not for production); these users can log in:");
        seed.users().forEach(u -> banner.append(String.format("%n  %-22s password %-14s tenant %-9s roles %s",
                u.username(), u.password(), u.tenant(), u.roles())));
        SeedProperties.SeedUser first = seed.users().getFirst();
        banner.append(String.format("%n  get a token: curl -s -X POST localhost:8080/api/v1/auth/token"
                + " -H 'Content-Type: application/json' -d '{\"username\":\"%s\",\"password\":\"%s\"}'",
                first.username(), first.password()));
        log.info("{}", banner);
    }

    /** Nodes starting together may both try; the one that finds the account created by the other moves on. */
    private void create(String tenant, Object command, BooleanSupplier createdMeanwhile) {
        try {
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(
                    MetadataKeys.origin(tenant, ACTOR, EntityId.random())));
            log.info("seeded {}", command);
        } catch (RuntimeException e) {
            if (!createdMeanwhile.getAsBoolean()) {
                throw e;
            }
        }
    }
}
