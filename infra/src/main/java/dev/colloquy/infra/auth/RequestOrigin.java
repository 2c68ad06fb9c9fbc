package dev.colloquy.infra.auth;

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
}
