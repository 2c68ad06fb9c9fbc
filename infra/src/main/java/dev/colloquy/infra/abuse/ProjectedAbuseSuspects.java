package dev.colloquy.infra.abuse;

import dev.colloquy.command.abuse.AbuseSuspects;
import dev.colloquy.command.account.AbusePolicy;
import dev.colloquy.projections.abuse.AbuseSignalsProjection;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.jdbi.v3.core.Jdbi;

/**
 * The suspects, read from the abuse-signals projection and the tenants' policies. The score is the current one
 * (reasons whose time has passed no longer count), so a replay of old events, whose reasons all expired long
 * ago, yields nobody; and while this node's projection replays, nobody is named at all. Administrators are
 * listed but never restricted automatically: a suspended admin could not reinstate anyone (themselves
 * included), and failed sign-ins, which anyone can cause by guessing at an account, count towards the score.
 */
public class ProjectedAbuseSuspects implements AbuseSuspects {
    private final Jdbi jdbi;
    private final EventProcessingConfiguration processing;

    public ProjectedAbuseSuspects(Jdbi jdbi, EventProcessingConfiguration processing) {
        this.jdbi = jdbi;
        this.processing = processing;
    }

    @Override
    public List<Suspect> actionable(AbusePolicy defaults) {
        boolean replaying = processing.eventProcessor(AbuseSignalsProjection.GROUP, StreamingEventProcessor.class)
                .map(StreamingEventProcessor::isReplaying).orElse(true);
        if (replaying) {
            return List.of();
        }
        // The stored score is the highest the current one can be (reasons only expire): it narrows the scan.
        return jdbi.withHandle(h -> h.createQuery("""
                        select user_id, tenant_id, score, reasons, scored_at, action from (
                            select s.user_id, s.tenant_id, s.scored_at,
                                   abuse_score_at(s.user_id, now()) as score,
                                   coalesce(t.abuse_threshold, :threshold) as threshold,
                                   coalesce(t.abuse_action, :action) as action,
                                   (select string_agg(r.signal || ' ' || r.points || ' (' || r.detail || ')', ', '
                                                      order by r.points desc, r.signal)
                                    from abuse_reason r where r.user_id = s.user_id and r.until > now()) as reasons
                            from abuse_signal s
                            join tenant_directory t on t.tenant_id = s.tenant_id
                            join account_directory a on a.user_id = s.user_id
                            where s.restriction is null and a.restriction is null
                              and not a.roles && array['tenant-admin', 'platform-admin']
                              and s.score >= coalesce(t.abuse_threshold, :threshold)
                              and coalesce(t.abuse_action, :action) <> :flagOnly
                        ) candidates
                        where score >= threshold
                        order by score desc, user_id""")
                .bind("threshold", defaults.threshold()).bind("action", defaults.action())
                .bind("flagOnly", AbusePolicy.FLAG_ONLY)
                .map((rs, ctx) -> new Suspect(rs.getString("user_id"), rs.getString("tenant_id"), rs.getInt("score"),
                        rs.getString("reasons"), rs.getTimestamp("scored_at").toInstant(), rs.getString("action")))
                .list());
    }
}
