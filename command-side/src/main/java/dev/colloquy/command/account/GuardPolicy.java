package dev.colloquy.command.account;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A tenant's guards: {@code flag} records suspected prompt injection, {@code block} refuses it; the listed
 * kinds of personal data are redacted from replies. New tenants flag and redact nothing, so nobody's replies
 * change, or are delayed by the redaction holdback, without an admin deciding so.
 */
public record GuardPolicy(String injectionPolicy, List<String> redactedPii) {
    public static final GuardPolicy DEFAULT = new GuardPolicy("flag", List.of());
    private static final Set<String> INJECTION_POLICIES = Set.of("flag", "block");
    private static final Set<String> PII = Set.of("email", "phone", "payment_card", "iban", "api_key");

    public boolean blocksInjection() {
        return "block".equals(injectionPolicy);
    }

    static GuardPolicy of(String injectionPolicy, List<String> redactedPii) {
        if (!INJECTION_POLICIES.contains(injectionPolicy)) {
            throw AccountRules.invalid("injectionPolicy", "injectionPolicy must be flag or block");
        }
        List<String> pii = redactedPii == null ? List.of() : redactedPii;
        if (!PII.containsAll(pii)) {
            throw AccountRules.invalid("redactedPii", "redactedPii must be a subset of " + new TreeSet<>(PII));
        }
        return new GuardPolicy(injectionPolicy, List.copyOf(new TreeSet<>(pii)));
    }
}
