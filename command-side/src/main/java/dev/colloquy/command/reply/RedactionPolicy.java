package dev.colloquy.command.reply;

import dev.colloquy.command.guard.PiiType;
import java.util.Set;

/** Which kinds of personal data a tenant has redacted from replies; empty means replies stream untouched. */
@FunctionalInterface
public interface RedactionPolicy {
    Set<PiiType> forTenant(String tenantId);
}
