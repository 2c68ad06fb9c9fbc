package dev.colloquy.command.account;

import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.command.guard.PiiType;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A tenant's guards: {@code flag} records suspected prompt injection, {@code block} refuses it; the listed
 * kinds of personal data are redacted from replies. New tenants flag and redact nothing, so nobody's replies
 * change, or are delayed by the redaction holdback, without an admin deciding so.
 */
public record GuardPolicy(String injectionPolicy, List<String> redactedPii) {
    public static final GuardPolicy DEFAULT = new GuardPolicy("flag", List.of());
    private static final Set<String> INJECTION_POLICIES = Set.of("flag", "block");

    public boolean blocksInjection() {
        return "block".equals(injectionPolicy);
    }

    public Set<PiiType> redactedPiiTypes() {
        return redactedPii.stream().map(PiiType::fromName).collect(Collectors.toUnmodifiableSet());
    }

    static GuardPolicy of(String injectionPolicy, List<String> redactedPii) {
        if (injectionPolicy == null || !INJECTION_POLICIES.contains(injectionPolicy)) {
            throw ColloquyException.invalid("injectionPolicy", "injectionPolicy must be flag or block");
        }
        TreeSet<String> pii = new TreeSet<>();
        for (String name : redactedPii == null ? List.<String>of() : redactedPii) {
            try {
                pii.add(PiiType.fromName(name).wireName());
            } catch (IllegalArgumentException e) {
                throw ColloquyException.invalid("redactedPii", "redactedPii must name kinds among "
                        + Arrays.stream(PiiType.values()).map(PiiType::wireName).toList());
            }
        }
        return new GuardPolicy(injectionPolicy, List.copyOf(pii));
    }
}
