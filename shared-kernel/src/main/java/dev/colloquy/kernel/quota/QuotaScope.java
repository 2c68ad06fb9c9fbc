package dev.colloquy.kernel.quota;

import java.util.Locale;

/** Whose consumption a limit counts: one user's, or all the users' of a tenant together (its budget). */
public enum QuotaScope {
    USER, TENANT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
