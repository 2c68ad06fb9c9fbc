package dev.colloquy.kernel;

import dev.colloquy.kernel.error.ColloquyException;
import java.util.UUID;

/** Conversation, message and reply ids are UUIDs in their canonical lower-case form. */
public final class EntityId {
    private EntityId() {
    }

    public static String random() {
        return UUID.randomUUID().toString();
    }

    /** The canonical form of {@code raw}, or a 400 naming {@code field}. */
    public static String parse(String raw, String field) {
        try {
            if (raw != null && raw.length() == 36) {
                return UUID.fromString(raw).toString();
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw ColloquyException.invalid(field, field + " must be a UUID");
    }
}
