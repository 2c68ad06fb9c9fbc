package dev.colloquy.command.privacy;

import dev.colloquy.command.account.AccountDirectory;
import dev.colloquy.kernel.MetadataKeys;
import dev.colloquy.kernel.privacy.EraseConversation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases the conversations each tenant keeps no longer: those whose last activity is older than its retention
 * (its own, else the platform's default; 0 keeps them for ever). Runs on every node; {@link EraseConversation} is
 * idempotent, so two nodes erasing the same conversation do no harm.
 */
public class RetentionJob {
    public static final String ACTOR = "retention";
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final AccountDirectory directory;
    private final IdleConversations idle;
    private final CommandGateway commands;
    private final Clock clock;
    private final int defaultDays;
    private final int batchSize;

    public RetentionJob(AccountDirectory directory, IdleConversations idle, CommandGateway commands, Clock clock,
                        int defaultDays, int batchSize) {
        this.directory = directory;
        this.idle = idle;
        this.commands = commands;
        this.clock = clock;
        this.defaultDays = defaultDays;
        this.batchSize = batchSize;
    }

    public int defaultDays() {
        return defaultDays;
    }

    /** Answers how many conversations it erased (at most one batch per tenant; the next run takes the rest). */
    public int run() {
        String trace = "retention-" + UUID.randomUUID();
        int erased = 0;
        for (AccountDirectory.TenantRetention tenant : directory.retention()) {
            int days = tenant.conversationDays() == null ? defaultDays : tenant.conversationDays();
            if (days <= 0) {
                continue;
            }
            Instant cutoff = clock.instant().minus(Duration.ofDays(days));
            for (String conversation : idle.idleSince(tenant.tenantId(), cutoff, batchSize)) {
                try {
                    // The aggregate checks the cutoff against its own events: the read model may lag or be rebuilt.
                    Boolean done = commands.sendAndWait(GenericCommandMessage.asCommandMessage(
                            new EraseConversation(conversation, tenant.tenantId(), ACTOR, cutoff))
                            .andMetaData(MetadataKeys.origin(tenant.tenantId(), ACTOR, trace)));
                    erased += Boolean.TRUE.equals(done) ? 1 : 0;
                } catch (RuntimeException e) {
                    log.warn("retention could not erase conversation {}: {}", conversation, e.toString());
                }
            }
        }
        return erased;
    }
}
