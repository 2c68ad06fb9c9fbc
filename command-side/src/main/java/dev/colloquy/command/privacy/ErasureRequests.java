package dev.colloquy.command.privacy;

import dev.colloquy.kernel.privacy.ErasureRequested;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code erasure_request} table (catalogue R-10.3-03): a row appears PENDING in the transaction that records
 * {@link ErasureRequested} (a subscribing processor), and the erasure process moves it on. All times are the
 * database's, so nodes with skewed clocks agree on what is stale and when a key cache has expired. A node writes a
 * request's status only under the claim it took ({@code claim_id}) and only while the request is IN_PROGRESS: one
 * whose claim went stale and was taken over by another node changes nothing any more.
 */
@ProcessingGroup("erasure-requests")
public class ErasureRequests {
    public enum Status { PENDING, IN_PROGRESS, COMPLETED, FAILED }

    /** A request as the API shows it. */
    public record ErasureStatus(String requestId, String userId, String tenantId, String requestedBy,
                                Instant requestedAt, Status status, List<String> systemsProcessed,
                                List<String> errors, Instant completedAt, int attempts) {
    }

    /** A request a node has claimed under {@code claimId} and works on. */
    record Claimed(String requestId, String userId, String tenantId, String requestedBy, String claimId) {
    }

    /** When a FAILED request is claimed again: after {@code pause}, while it has had fewer than {@code attempts}. */
    public record Retry(Duration pause, int attempts) {
    }

    /** The request is still the claimant's: nobody took it over and it has not ended. */
    private static final String HELD = "request_id = :id and status = 'IN_PROGRESS' and claim_id = :claim";

    private final Jdbi jdbi;

    public ErasureRequests(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @EventHandler
    void on(ErasureRequested event, @org.axonframework.eventhandling.Timestamp Instant at) {
        jdbi.useHandle(h -> h.createUpdate("""
                        insert into erasure_request (request_id, user_id, tenant_id, requested_by, requested_at, status,
                                                     updated_at)
                        values (:id, :user, :tenant, :by, :at, 'PENDING', now())
                        on conflict (request_id) do nothing""")
                .bind("id", event.requestId()).bind("user", event.userId()).bind("tenant", event.tenantId())
                .bind("by", event.requestedBy()).bind("at", at).execute());
    }

    public Optional<ErasureStatus> find(String requestId) {
        return jdbi.withHandle(h -> h.createQuery("select * from erasure_request where request_id = :id")
                .bind("id", requestId)
                .map((rs, ctx) -> new ErasureStatus(rs.getString("request_id"), rs.getString("user_id"),
                        rs.getString("tenant_id"), rs.getString("requested_by"), instant(rs, "requested_at"),
                        Status.valueOf(rs.getString("status")), strings(rs, "systems_processed"),
                        strings(rs, "errors"), instant(rs, "completed_at"), rs.getInt("attempts")))
                .findOne());
    }

    /**
     * Claims the oldest request nobody works on, under a new claim id: a PENDING one; one IN_PROGRESS whose node
     * has been silent for {@code staleAfter} (it died); or a FAILED one whose subject still has a live key, last
     * touched longer than the retry's pause ago and claimed fewer times than it allows. A request claimed again is
     * done again from the start (every step is idempotent) and its previous outcome is cleared.
     */
    Optional<Claimed> claimNext(Duration staleAfter, Retry retry) {
        return jdbi.withHandle(h -> h.createQuery("""
                        update erasure_request
                        set status = 'IN_PROGRESS', claim_id = :claim, attempts = attempts + 1, updated_at = now(),
                            systems_processed = '{}', errors = '{}', keys_shredded_at = null, completed_at = null
                        where request_id = (
                            select request_id from erasure_request r
                            where status = 'PENDING'
                               or (status = 'IN_PROGRESS' and keys_shredded_at is null
                                   and updated_at < now() - make_interval(secs => :stale))
                               or (status = 'FAILED' and attempts < :attempts
                                   and updated_at < now() - make_interval(secs => :pause)
                                   and exists (select 1 from personal_data_key k
                                               where k.subject_id = r.user_id and k.secret is not null))
                            order by requested_at limit 1
                            for update of r skip locked)
                        returning request_id, user_id, tenant_id, requested_by, claim_id""")
                .bind("claim", UUID.randomUUID().toString()).bind("stale", seconds(staleAfter))
                .bind("attempts", retry.attempts()).bind("pause", seconds(retry.pause()))
                .map((rs, ctx) -> new Claimed(rs.getString("request_id"), rs.getString("user_id"),
                        rs.getString("tenant_id"), rs.getString("requested_by"), rs.getString("claim_id")))
                .findOne());
    }

    /** Tells the other nodes this request is still being worked on; false if the claim was lost meanwhile. */
    boolean heartbeat(Claimed claim) {
        return jdbi.withHandle(h -> h.createUpdate("update erasure_request set updated_at = now() where " + HELD)
                .bind("id", claim.requestId()).bind("claim", claim.claimId()).execute()) == 1;
    }

    /**
     * Every key is shredded; the request completes once no node's key cache can still hold one. False if the
     * claim was lost meanwhile (nothing is written).
     */
    boolean keysShredded(Claimed claim, List<String> systems) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        update erasure_request set systems_processed = :systems, keys_shredded_at = now(),
                                                   updated_at = now()
                        where""" + " " + HELD)
                .bind("id", claim.requestId()).bind("claim", claim.claimId())
                .bindArray("systems", String.class, systems).execute()) == 1;
    }

    /** False if the claim was lost meanwhile (nothing is written). */
    boolean fail(Claimed claim, List<String> systems, List<String> errors) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        update erasure_request set status = 'FAILED', systems_processed = :systems, errors = :errors,
                                                   updated_at = now(), completed_at = now()
                        where""" + " " + HELD)
                .bind("id", claim.requestId()).bind("claim", claim.claimId())
                .bindArray("systems", String.class, systems).bindArray("errors", String.class, errors)
                .execute()) == 1;
    }

    /** Completes the requests whose keys were shredded at least {@code cacheTtl} ago; answers how many. */
    int completeSettled(Duration cacheTtl, String system) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        update erasure_request
                        set status = 'COMPLETED', systems_processed = array_append(systems_processed, :system),
                            updated_at = now(), completed_at = now()
                        where status = 'IN_PROGRESS' and keys_shredded_at <= now() - make_interval(secs => :ttl)""")
                .bind("ttl", seconds(cacheTtl)).bind("system", system).execute());
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static List<String> strings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
