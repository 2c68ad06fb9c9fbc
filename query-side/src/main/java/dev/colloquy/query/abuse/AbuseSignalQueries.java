package dev.colloquy.query.abuse;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

/** Reads the abuse-signals projection: users by their current score, with the reasons that still hold. */
@Component
public class AbuseSignalQueries {
    /** A listing is for people to read: the top of the list is what matters. */
    static final int MAX_USERS = 500;

    private final Jdbi jdbi;

    public AbuseSignalQueries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public record Reason(String signal, int points, String detail, Instant until) {
    }

    public record Counts(long messages, long injectionHits, long refusals, long failedLogins) {
    }

    public record Restriction(String mode, String reason, Instant since) {
    }

    /** {@code restriction} null: the user may chat normally. {@code lastSignalAt}: the newest event counted. */
    public record UserSignals(String userId, String tenantId, int score, List<Reason> reasons, Counts counts,
                              Restriction restriction, Instant lastSignalAt) {
    }

    /** Users whose score now is at least {@code minScore}, highest first; {@code tenantId} null: every tenant. */
    public List<UserSignals> atLeast(String tenantId, int minScore) {
        return jdbi.withHandle(h -> {
            Map<String, UserSignals> users = new LinkedHashMap<>();
            h.createQuery("""
                            select * from (
                                select s.*, abuse_score_at(s.user_id, now()) as current_score from abuse_signal s
                                where (cast(:tenant as text) is null or s.tenant_id = :tenant)
                            ) scored
                            where current_score >= :min
                            order by current_score desc, user_id
                            limit :max""")
                    .bind("tenant", tenantId).bind("min", minScore).bind("max", MAX_USERS)
                    .map((rs, ctx) -> user(rs))
                    .forEach(user -> users.put(user.userId(), user));
            if (users.isEmpty()) {
                return List.of();
            }
            h.createQuery("""
                            select user_id, signal, points, detail, until from abuse_reason
                            where user_id = any(:users) and until > now()
                            order by points desc, signal""")
                    .bindArray("users", String.class, List.copyOf(users.keySet()))
                    .map((rs, ctx) -> Map.entry(rs.getString("user_id"), new Reason(rs.getString("signal"),
                            rs.getInt("points"), rs.getString("detail"), instant(rs, "until"))))
                    .forEach(e -> users.get(e.getKey()).reasons().add(e.getValue()));
            return List.copyOf(users.values());
        });
    }

    private static UserSignals user(ResultSet rs) throws SQLException {
        String mode = rs.getString("restriction");
        Restriction restriction = mode == null ? null
                : new Restriction(mode, rs.getString("restriction_reason"), instant(rs, "restricted_at"));
        return new UserSignals(rs.getString("user_id"), rs.getString("tenant_id"), rs.getInt("current_score"),
                new ArrayList<>(), new Counts(rs.getLong("messages"), rs.getLong("injection_hits"),
                rs.getLong("refusals"), rs.getLong("login_failures")), restriction, instant(rs, "scored_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
