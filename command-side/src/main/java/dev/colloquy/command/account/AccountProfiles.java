package dev.colloquy.command.account;

import dev.colloquy.kernel.query.AccountProfile;
import dev.colloquy.kernel.query.FindAccountProfile;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

/** Answers for the account tables, which belong to the command side, so the export never reads them directly. */
@Component
public class AccountProfiles {
    private final Jdbi jdbi;

    public AccountProfiles(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @QueryHandler
    public Optional<AccountProfile> handle(FindAccountProfile query) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select user_id, tenant_id, username, roles, plan, disabled, created_at
                        from account_directory where user_id = :user and tenant_id = :tenant""")
                .bind("user", query.userId()).bind("tenant", query.tenantId())
                .map((rs, ctx) -> new AccountProfile(rs.getString(1), rs.getString(2), rs.getString(3),
                        strings(rs.getArray(4)), rs.getString(5), rs.getBoolean(6), instant(rs, 7),
                        apiKeys(h, query.userId()), signIns(h, query.userId())))
                .findOne());
    }

    private static List<AccountProfile.ApiKey> apiKeys(Handle h, String userId) {
        return h.createQuery("""
                        select key_id, name, scopes, created_at, expires_at, revoked_at, last_used_at
                        from api_key where user_id = :user order by created_at, key_id""")
                .bind("user", userId)
                .map((rs, ctx) -> new AccountProfile.ApiKey(rs.getString(1), rs.getString(2),
                        strings(rs.getArray(3)), instant(rs, 4), instant(rs, 5), instant(rs, 6), instant(rs, 7)))
                .list();
    }

    private static List<AccountProfile.SignIn> signIns(Handle h, String userId) {
        return h.createQuery("""
                        select session_id, created_at, expires_at, revoked_at, revoked_reason
                        from auth_session where user_id = :user order by created_at, session_id""")
                .bind("user", userId)
                .map((rs, ctx) -> new AccountProfile.SignIn(rs.getString(1), instant(rs, 2), instant(rs, 3),
                        instant(rs, 4), rs.getString(5)))
                .list();
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
