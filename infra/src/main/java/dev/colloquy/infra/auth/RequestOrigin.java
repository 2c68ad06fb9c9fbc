package dev.colloquy.infra.auth;

import dev.colloquy.kernel.MetadataKeys;
import java.util.Map;

/** Who is behind the command being dispatched on this thread, for its metadata. */
public record RequestOrigin(String tenant, String actor, String traceId) {
    private static final ThreadLocal<RequestOrigin> CURRENT = new ThreadLocal<>();

    static void set(RequestOrigin origin) {
        CURRENT.set(origin);
    }

    static void clear() {
        CURRENT.remove();
    }

    public static RequestOrigin current() {
        return CURRENT.get();
    }

    public Map<String, Object> metaData() {
        return MetadataKeys.origin(tenant, actor, traceId);
    }
}
