package dev.colloquy.infra.eventstore;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * Axon's aggregate cache on Caffeine: bounded in size, idle entries expire. Axon's own
 * {@code WeakReferenceCache} loses an entry at the next garbage collection, so nearly every command replayed the
 * conversation's whole history from the event store.
 */
public class BoundedCache implements Cache {
    private final ConcurrentMap<Object, Object> entries;

    public BoundedCache(long maximumSize, Duration expireAfterAccess) {
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterAccess(expireAfterAccess)
                .build().asMap();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        return (V) entries.get(key);
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
