package dev.colloquy.kernel;

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
}
