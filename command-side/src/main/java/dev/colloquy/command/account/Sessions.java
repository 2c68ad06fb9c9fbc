package dev.colloquy.command.account;

import java.time.Instant;
import java.util.function.Predicate;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * Sign-in sessions and their refresh-token rotation. Each step is one conditional UPDATE, so two nodes racing
 * with the same refresh token cannot both win: one rotates, the other finds the token already used.
 */
public class Sessions {
    private final Jdbi jdbi;
    private final AccountDirectory directory;

    public Sessions(Jdbi jdbi, AccountDirectory directory) {
        this.jdbi = jdbi;
        this.directory = directory;
    }

    public enum Rotation { ROTATED, REUSED, DEAD }

    public void open(String sessionId, String userId, String refreshId, Instant expiresAt) {
        jdbi.useHandle(h -> h.createUpdate("""
                        insert into auth_session (session_id, user_id, current_refresh_id, created_at, expires_at)
                        values (:session, :user, :refresh, now(), :expires)""")
                .bind("session", sessionId).bind("user", userId).bind("refresh", refreshId)
                .bind("expires", expiresAt).execute());
    }

    /**
     * Replaces the family's current refresh token. A token that was current once but is no longer (it has
     * been used) revokes the family: whoever holds either copy has to sign in again.
     */
    public Rotation rotate(String sessionId, String presentedRefreshId, String nextRefreshId) {
        return transaction(AccountChange.session(sessionId), rotation -> rotation == Rotation.REUSED, h -> {
            int rotated = h.createUpdate("""
                            update auth_session set current_refresh_id = :next
                            where session_id = :session and current_refresh_id = :presented
                              and revoked_at is null and expires_at > now()""")
                    .bind("session", sessionId).bind("presented", presentedRefreshId).bind("next", nextRefreshId)
                    .execute();
            if (rotated == 1) {
                return Rotation.ROTATED;
            }
            int revoked = h.createUpdate("""
                            update auth_session set revoked_at = now(), revoked_reason = 'refresh token reused'
                            where session_id = :session and revoked_at is null and expires_at > now()
                              and current_refresh_id <> :presented""")
                    .bind("session", sessionId).bind("presented", presentedRefreshId).execute();
            return revoked == 1 ? Rotation.REUSED : Rotation.DEAD;
        });
    }

    /** Ends every sign-in of a user but {@code keptSessionId} (null keeps none), e.g. after a password change. */
    public int revokeOthers(String userId, String keptSessionId, String reason) {
        return transaction(AccountChange.user(userId), rows -> true, h -> h.createUpdate("""
                        update auth_session set revoked_at = now(), revoked_reason = :reason
                        where user_id = :user and revoked_at is null
                          and session_id is distinct from cast(:kept as text)""")
                .bind("user", userId).bind("kept", keptSessionId).bind("reason", reason).execute());
    }

    public boolean revoke(String sessionId, String userId, String reason) {
        return transaction(AccountChange.session(sessionId), rows -> rows == 1, h -> h.createUpdate("""
                        update auth_session set revoked_at = now(), revoked_reason = :reason
                        where session_id = :session and user_id = :user and revoked_at is null""")
                .bind("session", sessionId).bind("user", userId).bind("reason", reason).execute()) == 1;
    }

    /**
     * One transaction whose result may be a change caches must hear of: announced to every node with the
     * commit, and to this node's cache right after it (there is no Axon unit of work here to wait for).
     */
    private <T> T transaction(String announcement, Predicate<T> isChange, HandleCallback<T, RuntimeException> work) {
        T result = jdbi.inTransaction(h -> {
            T done = work.withHandle(h);
            if (isChange.test(done)) {
                directory.announce(h, announcement);
            }
            return done;
        });
        if (isChange.test(result)) {
            directory.announced(announcement);
        }
        return result;
    }
}
