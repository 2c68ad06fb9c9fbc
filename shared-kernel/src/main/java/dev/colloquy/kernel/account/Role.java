package dev.colloquy.kernel.account;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a user may do; a user holds one or more. Written on the wire in kebab case ({@code tenant-admin}). */
public enum Role {
    PLATFORM_ADMIN, TENANT_ADMIN, AUDITOR, MEMBER, GUEST;

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Role> fromWire(String name) {
        return Arrays.stream(values()).filter(role -> role.wire().equals(name)).findFirst();
    }
}
