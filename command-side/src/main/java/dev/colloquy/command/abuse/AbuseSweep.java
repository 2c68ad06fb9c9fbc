package dev.colloquy.command.abuse;

import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

import dev.colloquy.command.account.AbusePolicy;
import dev.colloquy.kernel.MetadataKeys;
import dev.colloquy.kernel.abuse.RestrictUser;
import dev.colloquy.kernel.abuse.RestrictionMode;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The abuse policy that acts: every few seconds, each node asks for the users at or above their tenant's
 * threshold and restricts them through their account. It reads a read model rather than reacting to events, so
 * a replay of the events never restricts anyone; the account ignores a restriction of a user already
 * restricted, or one built on evidence older than their last reinstatement, so several nodes sweeping at once,
 * or an admin reinstating mid-sweep, restrict at most once per piece of evidence.
 */
public class AbuseSweep {
    /** Who the restriction events name as their actor. */
    public static final String ACTOR = "abuse-policy";
    private static final Logger log = LoggerFactory.getLogger(AbuseSweep.class);

    private final AbuseSuspects suspects;
    private final CommandGateway commands;
    private final AbusePolicy defaults;

    public AbuseSweep(AbuseSuspects suspects, CommandGateway commands, AbusePolicy defaults) {
        this.suspects = suspects;
        this.commands = commands;
        this.defaults = defaults;
    }

    /** Returns how many suspects it acted on (some may have been restricted already by another node). */
    public int sweep() {
        int acted = 0;
        for (AbuseSuspects.Suspect suspect : suspects.actionable(defaults)) {
            RestrictionMode mode = AbusePolicy.SUSPEND.equals(suspect.action())
                    ? RestrictionMode.SUSPENDED : RestrictionMode.THROTTLED;
            String reason = "abuse score " + suspect.score() + ": " + suspect.reasons();
            Map<String, Object> origin = MetadataKeys.origin(suspect.tenantId(), ACTOR, traceId());
            try {
                commands.sendAndWait(asCommandMessage(new RestrictUser(suspect.userId(), suspect.tenantId(), mode,
                        reason, suspect.score(), suspect.evidenceAt())).andMetaData(origin));
                acted++;
            } catch (RuntimeException e) {
                log.warn("could not restrict user {} for abuse; the next sweep retries: {}", suspect.userId(),
                        e.toString());
            }
        }
        return acted;
    }

    private static String traceId() {
        byte[] random = new byte[16];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
