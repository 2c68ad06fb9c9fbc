package dev.colloquy.command.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The three lookups every request or reply makes (a signed-in caller, an API key, a tenant's guards), served
 * from memory while this node hears the account change announcements. A change is dropped from this node's
 * cache right after its commit, and from the other nodes' when PostgreSQL delivers the notification
 * (milliseconds). When the notification channel is down nothing is served from memory; every entry also
 * expires after {@code maxAge}, a bound on the damage of a notification that was lost anyway.
 */
public class AccountCache {
    private final AccountDirectory directory;
    private final Clock clock;
    private final Cache<SessionKey, Optional<AccountDirectory.SessionAccess>> access;
    private final Cache<String, Optional<AccountDirectory.KeyGrant>> keys;
    private final Cache<String, GuardPolicy> policies;
    private final Cache<String, Optional<AccountDirectory.QuotaSettings>> quotas;
    /** Keys whose use this node recorded in the last minute. */
    private final Cache<String, Boolean> recentlyUsedKeys = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(1)).build();
    private volatile boolean listening;
    /** Bumped by every change, so a lookup that raced with one is not cached with what it read before it. */
    private final AtomicLong changes = new AtomicLong();

    public AccountCache(AccountDirectory directory, Clock clock, Duration maxAge) {
        this.directory = directory;
        this.clock = clock;
        this.access = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(maxAge).build();
        this.keys = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(maxAge).build();
        this.policies = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(maxAge).build();
        this.quotas = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(maxAge).build();
        directory.onLocalChange(this::changed);
    }

    private record SessionKey(String userId, String sessionId) {
    }

    /** What a signed-in user may do now; empty once the user or the session is gone, revoked or expired. */
    public Optional<AccountDirectory.Access> access(String userId, String sessionId) {
        SessionKey key = new SessionKey(userId, sessionId);
        Optional<AccountDirectory.SessionAccess> found = cached(access, key,
                () -> directory.access(userId, sessionId));
        return found.filter(a -> clock.instant().isBefore(a.sessionEnds())).map(AccountDirectory.SessionAccess::access);
    }

    public Optional<AccountDirectory.KeyGrant> apiKey(String secretHash) {
        return cached(keys, secretHash, () -> directory.findApiKey(secretHash));
    }

    /**
     * Records an API key's last use. A busy program must not turn each of its requests into a write, so this
     * node writes at most once a minute per key, and the statement itself skips a row another node just wrote.
     */
    public void apiKeyUsed(String keyId) {
        if (recentlyUsedKeys.asMap().putIfAbsent(keyId, Boolean.TRUE) == null) {
            directory.touchApiKey(keyId);
        }
    }

    public GuardPolicy guardPolicy(String tenantId) {
        return cached(policies, tenantId, () -> directory.guardPolicy(tenantId));
    }

    /** The tenant's plan and the quota overrides of the user's tenant and of the user. */
    public Optional<AccountDirectory.QuotaSettings> quotaSettings(String userId) {
        return cached(quotas, userId, () -> directory.quotaSettings(userId));
    }

    private <K, V> V cached(Cache<K, V> cache, K key, Supplier<V> lookup) {
        if (!listening) {
            return lookup.get();
        }
        V known = cache.getIfPresent(key);
        if (known != null) {
            return known;
        }
        long before = changes.get();
        V found = lookup.get();
        if (changes.get() == before && listening) {
            cache.put(key, found);
        }
        return found;
    }

    /** Told by the notification listener whether it hears announcements; while it does not, nothing is cached. */
    public void listening(boolean listening) {
        changes.incrementAndGet();
        this.listening = listening;
        if (!listening) {
            invalidateAll();
        }
    }

    /** An announced change: drops every cached entry it may affect. */
    public void changed(String announcement) {
        changes.incrementAndGet();
        AccountChange change = AccountChange.parse(announcement);
        switch (change.kind()) {
            case "user" -> {
                removeAccess(a -> a.access().userId().equals(change.id()));
                removeKeys(k -> k.access().userId().equals(change.id()));
                quotas.invalidate(change.id());
            }
            case "tenant" -> {
                removeAccess(a -> a.access().tenantId().equals(change.id()));
                removeKeys(k -> k.access().tenantId().equals(change.id()));
                policies.invalidate(change.id());
                removeIf(quotas.asMap(), q -> q.tenantId().equals(change.id()));
            }
            case "session" -> access.asMap().keySet().removeIf(key -> key.sessionId().equals(change.id()));
            case "key" -> removeKeys(k -> k.keyId().equals(change.id()));
            default -> invalidateAll();
        }
    }

    private void invalidateAll() {
        access.invalidateAll();
        keys.invalidateAll();
        policies.invalidateAll();
        quotas.invalidateAll();
    }

    private void removeAccess(Predicate<AccountDirectory.SessionAccess> affected) {
        removeIf(access.asMap(), affected);
    }

    private void removeKeys(Predicate<AccountDirectory.KeyGrant> affected) {
        removeIf(keys.asMap(), affected);
    }

    private static <K, V> void removeIf(Map<K, Optional<V>> entries, Predicate<V> affected) {
        entries.values().removeIf(value -> value.isPresent() && affected.test(value.get()));
    }
}
