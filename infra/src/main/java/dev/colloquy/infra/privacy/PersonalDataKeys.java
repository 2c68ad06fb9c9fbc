package dev.colloquy.infra.privacy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.colloquy.command.privacy.Keyring;
import dev.colloquy.kernel.error.ColloquyException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code personal_data_key} table behind the event serializer. Keys are cached for a short time only, because
 * several nodes share the table: a key shredded on one node is forgotten by the others within {@link #cacheTtl()},
 * which is why an erasure reports COMPLETED only that long after its last key was shredded.
 */
public class PersonalDataKeys implements Keyring {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CONVERSATION = "conversation";

    /** A key as stored; {@code secret} is null once shredded. */
    public record Key(String keyId, SecretKey secret) {
        boolean shredded() {
            return secret == null;
        }
    }

    /** What the event opening a scope says about it, so its key can be created. */
    public record Opening(String subjectId, String tenantId, String kind) {
    }

    private final Jdbi jdbi;
    private final Duration ttl;
    private final Cache<String, Key> byKeyId;
    private final Cache<String, Key> byScope;

    public PersonalDataKeys(Jdbi jdbi, Duration ttl, long maximumSize) {
        this.jdbi = jdbi;
        this.ttl = ttl;
        this.byKeyId = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(ttl).build();
        this.byScope = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(ttl).build();
    }

    /**
     * The key to encrypt a scope's data with, created if the event opens the scope. Empty for a scope that has
     * no key and that this event cannot open (a conversation started before encryption was introduced). A key
     * created here commits (or not) with the event being stored, so it is not cached.
     */
    Optional<Key> forScope(String scopeId, Opening opening) {
        Key cached = byScope.getIfPresent(scopeId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Key> stored = findBy("scope_id", scopeId);
        if (opening == null) {
            // Only the opening event's transaction may see its key uncommitted, so later events cache safely.
            stored.ifPresent(key -> byScope.put(scopeId, key));
            return stored;
        }
        if (stored.isPresent()) {
            return stored;
        }
        if (opening.kind().equals(CONVERSATION)) {
            requireSubjectNotErased(opening.subjectId());
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        jdbi.useHandle(h -> h.createUpdate("""
                        insert into personal_data_key (key_id, scope_id, kind, subject_id, tenant_id, secret)
                        values (:key, :scope, :kind, :subject, :tenant, :secret)
                        on conflict (scope_id) do nothing""")
                .bind("key", UUID.randomUUID().toString()).bind("scope", scopeId).bind("kind", opening.kind())
                .bind("subject", opening.subjectId()).bind("tenant", opening.tenantId()).bind("secret", secret)
                .execute());
        return findBy("scope_id", scopeId);
    }

    /**
     * A conversation is not opened for a user whose profile key is shredded: a command authorised shortly before
     * the account was disabled (authentication is cached) would otherwise create a key after the erasure listed
     * the user's conversations, and nothing would ever shred it. The profile's row is locked FOR SHARE until this
     * transaction ends, and shredding updates it, so the two serialise: either this key commits first and the
     * erasure's second pass (after the profile is shredded) sees it, or the profile is shredded first and this
     * refuses. A user registered before encryption has no profile key and is not checked.
     */
    private void requireSubjectNotErased(String subjectId) {
        boolean erased = jdbi.withHandle(h -> h.createQuery("""
                        select secret is null from personal_data_key where scope_id = :subject and kind = 'profile'
                        for share""")
                .bind("subject", subjectId).mapTo(Boolean.class).findOne()).orElse(false);
        if (erased) {
            throw ColloquyException.notFound("user");
        }
    }

    /** The key an envelope names; empty if it never existed. */
    Optional<Key> byId(String keyId) {
        Key cached = byKeyId.getIfPresent(keyId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Key> stored = findBy("key_id", keyId);
        stored.ifPresent(key -> byKeyId.put(keyId, key));
        return stored;
    }

    @Override
    public List<String> liveConversationsOf(String subjectId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select scope_id from personal_data_key
                        where subject_id = :subject and kind = 'conversation' and secret is not null
                        order by created_at""")
                .bind("subject", subjectId).mapTo(String.class).list());
    }

    @Override
    public List<String> liveScopesOf(String subjectId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select scope_id from personal_data_key where subject_id = :subject and secret is not null
                        order by created_at""")
                .bind("subject", subjectId).mapTo(String.class).list());
    }

    @Override
    public Set<String> keyed(Collection<String> scopeIds) {
        if (scopeIds.isEmpty()) {
            return Set.of();
        }
        return jdbi.withHandle(h -> h.createQuery("select scope_id from personal_data_key where scope_id = any(:ids)")
                .bindArray("ids", String.class, List.copyOf(scopeIds)).mapTo(String.class).set());
    }

    /** Forgets the key on this node by its id too, whether or not it was also cached by scope. */
    @Override
    public void shred(String scopeId) {
        List<String> shredded = jdbi.withHandle(h -> h.createQuery("""
                        update personal_data_key set secret = null, shredded_at = now()
                        where scope_id = :scope and secret is not null
                        returning key_id""")
                .bind("scope", scopeId).mapTo(String.class).list());
        Key known = byScope.getIfPresent(scopeId);
        byScope.invalidate(scopeId);
        byKeyId.invalidateAll(shredded);
        if (known != null) {
            byKeyId.invalidate(known.keyId());
        }
    }

    @Override
    public Duration cacheTtl() {
        return ttl;
    }

    private Optional<Key> findBy(String column, String value) {
        return jdbi.withHandle(h -> h.createQuery("select key_id, scope_id, secret from personal_data_key where "
                        + column + " = :value")
                .bind("value", value)
                .map((rs, ctx) -> {
                    byte[] secret = rs.getBytes("secret");
                    return new Key(rs.getString("key_id"), secret == null ? null : new SecretKeySpec(secret, "AES"));
                })
                .findOne());
    }
}
