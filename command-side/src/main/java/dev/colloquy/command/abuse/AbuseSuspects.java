package dev.colloquy.command.abuse;

import dev.colloquy.command.account.AbusePolicy;
import java.time.Instant;
import java.util.List;

/**
 * The users the abuse policy should act on now: unrestricted, with a current score (signals still within
 * their windows) at or above their tenant's threshold, in a tenant whose action is not {@code flag-only}.
 * Bound in infra over the abuse-signals projection; empty while that projection replays.
 */
public interface AbuseSuspects {

    /** {@code evidenceAt}: the time of the newest event the score was built from. */
    record Suspect(String userId, String tenantId, int score, String reasons, Instant evidenceAt,
                   String action) {
    }

    /** {@code defaults} apply to tenants that have no policy of their own. */
    List<Suspect> actionable(AbusePolicy defaults);
}
