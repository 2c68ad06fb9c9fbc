package dev.colloquy.infra.eventstore;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;

/**
 * Axon's aggregate cache on Caffeine: bounded in size, idle entries expire. Axon's own
 * {@code WeakReferenceCache} loses an entry at the next garbage collection, so nearly every command replayed the
 * conversation's whole history from the event store.
 *
 * <p>Other nodes append to the same aggregates, so an entry is used only while it is the aggregate's latest
 * version in the store (one indexed lookup instead of the whole history): a command on a stale copy would
 * decide on a conversation that is not there any more ("reply not found"), not merely conflict on append. The
 * race left between the lookup and the append ends in Axon's {@code ConcurrencyException}, which is retried.
 */
public class BoundedCache implements Cache {
    private static final Field VERSION = versionField();

    private final ConcurrentMap<Object, Object> entries;
    private final LatestVersion latest;

    /** The sequence number of an aggregate's last stored event, or null when it has none. */
    @FunctionalInterface
    public interface LatestVersion {
        Long of(Object aggregateId);
    }

    private static Field versionField() {
        try {
            Field version = AggregateCacheEntry.class.getDeclaredField("version");
            version.setAccessible(true);
            return version;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("this Axon version's AggregateCacheEntry has no version: check the "
                    + "cache's freshness test before upgrading", e);
        }
    }

    public BoundedCache(long maximumSize, Duration expireAfterAccess, LatestVersion latest) {
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterAccess(expireAfterAccess)
                .build().asMap();
        this.latest = latest;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Object entry = entries.get(key);
        if (entry instanceof AggregateCacheEntry<?> cached && !Objects.equals(version(cached), latest.of(key))) {
            entries.remove(key, entry);
            return null;
        }
        return (V) entry;
    }

    /** Axon 4.13 keeps the entry's version private; read once per lookup, and checked at start-up to exist. */
    private static Long version(AggregateCacheEntry<?> entry) {
        try {
            return (Long) VERSION.get(entry);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.putIfAbsent(key, value) == null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return (T) entries.computeIfAbsent(key, k -> valueSupplier.get());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.computeIfPresent(key, (k, v) -> update.apply((V) v));
    }

    @Override
    public boolean remove(Object key) {
        return entries.remove(key) != null;
    }

    @Override
    public void removeAll() {
        entries.clear();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    /** Nothing in Colloquy listens to cache entries. */
    @Override
    public Registration registerCacheEntryListener(EntryListener entryListener) {
        return () -> true;
    }
}
