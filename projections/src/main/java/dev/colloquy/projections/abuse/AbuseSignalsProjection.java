package dev.colloquy.projections.abuse;

import dev.colloquy.kernel.MetadataKeys;
import dev.colloquy.kernel.abuse.UserRestricted;
import dev.colloquy.kernel.abuse.UserRestrictionLifted;
import dev.colloquy.kernel.account.LoginFailed;
import dev.colloquy.kernel.conversation.MessagePosted;
import dev.colloquy.kernel.conversation.MessageRejected;
import dev.colloquy.kernel.privacy.ConversationErased;
import dev.colloquy.kernel.privacy.UserErased;
import dev.colloquy.kernel.quota.QuotaExceeded;
import dev.colloquy.kernel.quota.RateLimitExceeded;
import dev.colloquy.projections.replay.ReadModel;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

/**
 * Builds {@code abuse_signal} and {@code abuse_reason}: each user's bounded evidence and the score it gives as of
 * the newest event ({@link AbuseScore}). Event timestamps only, never the clock, so a replay writes identical
 * rows; the rows commit with the processor's token. One segment: a user's events come from several aggregates
 * (conversations, the account) and must be applied in stored order. Only a digest of each message is kept.
 */
@Component
@ProcessingGroup(AbuseSignalsProjection.GROUP)
public class AbuseSignalsProjection implements ReadModel {
    public static final String GROUP = "abuse-signals";
    /** An injection score from which a posted message counts as an injection hit (the level tenants block at). */
    static final int INJECTION_HIT = 50;

    private final Jdbi jdbi;

    public AbuseSignalsProjection(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public String processingGroup() {
        return GROUP;
    }

    @EventHandler
    void on(MessagePosted event, @MetaDataValue(MetadataKeys.ACTOR) String user,
            @MetaDataValue(MetadataKeys.TENANT) String tenant, @Timestamp Instant at) {
        if (user == null || tenant == null) {
            return;
        }
        long time = stored(at);
        String digest = Evidence.digest(event.content());
        boolean injection = event.injectionScore() >= INJECTION_HIT;
        record(user, tenant, at, evidence -> {
            Evidence added = evidence.withMessage(time, digest, event.conversationId());
            return injection ? added.withInjection(time) : added;
        }, 1, injection ? 1 : 0, 0, 0);
    }

    /** Recorded only when a tenant blocks injection: each is a hit. */
    @EventHandler
    void on(MessageRejected event, @MetaDataValue(MetadataKeys.ACTOR) String user,
            @MetaDataValue(MetadataKeys.TENANT) String tenant, @Timestamp Instant at) {
        if (user == null || tenant == null) {
            return;
        }
        record(user, tenant, at, evidence -> evidence.withInjection(stored(at)), 0, 1, 0, 0);
    }

    @EventHandler
    void on(RateLimitExceeded event, @Timestamp Instant at) {
        if (event.userId() != null) {
            record(event.userId(), event.tenantId(), at, evidence -> evidence.withRefusal(stored(at)), 0, 0, 1, 0);
        }
    }

    @EventHandler
    void on(QuotaExceeded event, @Timestamp Instant at) {
        record(event.userId(), event.tenantId(), at, evidence -> evidence.withRefusal(stored(at)), 0, 0, 1, 0);
    }

    @EventHandler
    void on(LoginFailed event, @Timestamp Instant at) {
        record(event.userId(), event.tenantId(), at, evidence -> evidence.withLoginFailure(stored(at)), 0, 0, 0, 1);
    }

    @EventHandler
    void on(UserRestricted event, @Timestamp Instant at) {
        jdbi.useHandle(h -> {
            ensureRow(h, event.userId(), event.tenantId(), at);
            h.createUpdate("""
                            update abuse_signal set restriction = :mode, restriction_reason = :reason,
                                   restricted_at = :at
                            where user_id = :user""")
                    .bind("mode", event.mode().wireName()).bind("reason", event.reason())
                    .bind("at", Instant.ofEpochMilli(stored(at))).bind("user", event.userId()).execute();
        });
    }

    /** Reinstated: the evidence gathered so far is dropped, so the same old signals cannot restrict again. */
    @EventHandler
    void on(UserRestrictionLifted event, @Timestamp Instant at) {
        jdbi.useHandle(h -> {
            ensureRow(h, event.userId(), event.tenantId(), at);
            h.createUpdate("""
                            update abuse_signal set restriction = null, restriction_reason = null,
                                   restricted_at = null, message_times = '{}', message_digests = '{}',
                                   message_conversations = '{}',
                                   injection_times = '{}', refusal_times = '{}', login_failure_times = '{}',
                                   messages = 0, injection_hits = 0, refusals = 0, login_failures = 0,
                                   score = 0, scored_at = :at
                            where user_id = :user""")
                    .bind("at", Instant.ofEpochMilli(stored(at))).bind("user", event.userId()).execute();
            h.createUpdate("delete from abuse_reason where user_id = :user").bind("user", event.userId()).execute();
        });
    }

    /** Forgets the digests of an erased conversation's messages, as a rebuild without their key would. */
    @EventHandler
    void on(ConversationErased event, @Timestamp Instant at) {
        boolean known = jdbi.withHandle(h -> h.createQuery("select count(*) from abuse_signal where user_id = :user")
                .bind("user", event.ownerId()).mapTo(Integer.class).one()) > 0;
        if (known) {
            record(event.ownerId(), event.tenantId(), at,
                    evidence -> evidence.withConversationForgotten(event.conversationId()), 0, 0, 0, 0);
        }
    }

    /** An erased user's evidence (message digests, times) is personal data with no purpose left: it goes. */
    @EventHandler
    void on(UserErased event) {
        jdbi.useHandle(h -> h.createUpdate("delete from abuse_signal where user_id = :user")
                .bind("user", event.userId()).execute());
    }

    @ResetHandler
    void reset() {
        jdbi.useHandle(h -> h.execute("truncate abuse_reason, abuse_signal"));
    }

    /**
     * Two statements a change: one reads the evidence (creating the user's row if it is the first), one writes it
     * back with the score and replaces the reasons. A reason that still holds is updated in place, and only when it
     * changed.
     */
    private void record(String user, String tenant, Instant at, UnaryOperator<Evidence> change, int messages,
                        int injections, int refusals, int loginFailures) {
        Instant scoredAt = Instant.ofEpochMilli(stored(at));
        jdbi.useHandle(h -> {
            // The outer select does not see a row the insert just made (one snapshot), so exactly one row answers:
            // this processor, on one segment, is the only writer of the row.
            Evidence evidence = change.apply(h.createQuery("""
                            with created as (
                                insert into abuse_signal (user_id, tenant_id, scored_at) values (:user, :tenant, :at)
                                on conflict (user_id) do nothing
                                returning message_times, message_digests, message_conversations, injection_times,
                                          refusal_times, login_failure_times)
                            select * from created
                            union all
                            select message_times, message_digests, message_conversations, injection_times,
                                   refusal_times, login_failure_times
                            from abuse_signal where user_id = :user""")
                    .bind("user", user).bind("tenant", tenant).bind("at", scoredAt)
                    .map((rs, ctx) -> evidence(rs)).one());
            AbuseScore.Assessment assessment = AbuseScore.of(evidence, scoredAt);
            List<AbuseScore.Reason> reasons = assessment.reasons();
            h.createUpdate("""
                            with scored as (
                                update abuse_signal set message_times = :messageTimes, message_digests = :digests,
                                       message_conversations = :conversations,
                                       injection_times = :injectionTimes, refusal_times = :refusalTimes,
                                       login_failure_times = :loginFailureTimes,
                                       messages = messages + :messages,
                                       injection_hits = injection_hits + :injections,
                                       refusals = refusals + :refusals,
                                       login_failures = login_failures + :loginFailures,
                                       score = :score, scored_at = :at
                                where user_id = :user),
                            lapsed as (
                                delete from abuse_reason where user_id = :user and signal <> all(:signals))
                            insert into abuse_reason (user_id, signal, points, detail, until)
                            select :user, signal, points, detail, until::timestamptz
                            from unnest(:signals, :points, :details, :untils) as r(signal, points, detail, until)
                            on conflict (user_id, signal) do update
                                set points = excluded.points, detail = excluded.detail, until = excluded.until
                                where (abuse_reason.points, abuse_reason.detail, abuse_reason.until)
                                      is distinct from (excluded.points, excluded.detail, excluded.until)""")
                    .bindArray("messageTimes", Long.class, evidence.messageTimes())
                    .bindArray("digests", String.class, evidence.messageDigests())
                    .bindArray("conversations", String.class, evidence.messageConversations())
                    .bindArray("injectionTimes", Long.class, evidence.injectionTimes())
                    .bindArray("refusalTimes", Long.class, evidence.refusalTimes())
                    .bindArray("loginFailureTimes", Long.class, evidence.loginFailureTimes())
                    .bind("messages", messages).bind("injections", injections).bind("refusals", refusals)
                    .bind("loginFailures", loginFailures).bind("score", assessment.score()).bind("at", scoredAt)
                    .bind("user", user)
                    .bindArray("signals", String.class, reasons.stream().map(AbuseScore.Reason::signal).toList())
                    .bindArray("points", Integer.class, reasons.stream().map(AbuseScore.Reason::points).toList())
                    .bindArray("details", String.class, reasons.stream().map(AbuseScore.Reason::detail).toList())
                    // As text: an exact instant whatever the driver makes of an array of times.
                    .bindArray("untils", String.class, reasons.stream().map(r -> r.until().toString()).toList())
                    .execute();
        });
    }

    private static void ensureRow(Handle h, String user, String tenant, Instant at) {
        h.createUpdate("""
                        insert into abuse_signal (user_id, tenant_id, scored_at) values (:user, :tenant, :at)
                        on conflict (user_id) do nothing""")
                .bind("user", user).bind("tenant", tenant).bind("at", Instant.ofEpochMilli(stored(at))).execute();
    }

    private static Evidence evidence(ResultSet rs) throws SQLException {
        return new Evidence(longs(rs, "message_times"), strings(rs, "message_digests"),
                strings(rs, "message_conversations"), longs(rs, "injection_times"), longs(rs, "refusal_times"),
                longs(rs, "login_failure_times"));
    }

    private static List<Long> longs(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : Arrays.asList((Long[]) array.getArray());
    }

    private static List<String> strings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    /**
     * An event's time as the event store keeps it (milliseconds): this handler sees live events before they are
     * reloaded, and a replay sees them after, and both must write the same rows.
     */
    private static long stored(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
    }
}
