package dev.colloquy.kernel;

import java.util.Map;

/**
 * Keys every command carries in its metadata and every event inherits through Axon's correlation data
 * providers; the timestamp is the event message's own.
 */
public final class MetadataKeys {
    public static final String TENANT = "tenant";
    public static final String ACTOR = "actor";
    public static final String TRACE_ID = "traceId";

    private MetadataKeys() {
    }

    /** The metadata naming whom a command acts for: the tenant, the actor and the trace it belongs to. */
    public static Map<String, Object> origin(String tenant, String actor, String traceId) {
        return Map.of(TENANT, tenant, ACTOR, actor, TRACE_ID, traceId);
    }
}
