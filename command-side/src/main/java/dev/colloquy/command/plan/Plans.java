package dev.colloquy.command.plan;

import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.error.ColloquyException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The configured plans. {@code guestPlan} names the plan whose models a guest may use on any tenant. */
public final class Plans {
    private final Map<String, Plan> byName;
    private final String guestPlan;

    public Plans(List<Plan> plans, String guestPlan) {
        this.byName = plans.stream().collect(Collectors.toUnmodifiableMap(Plan::name, Function.identity()));
        if (!byName.containsKey(guestPlan)) {
            throw new IllegalArgumentException("the guest plan " + guestPlan + " is not configured");
        }
        this.guestPlan = guestPlan;
    }

    public Optional<Plan> find(String name) {
        return Optional.ofNullable(name).map(byName::get);
    }

    public List<Plan> all() {
        return byName.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    Plan guestPlan() {
        return byName.get(guestPlan);
    }

    /**
     * The plan whose rate limits and quotas bind the caller: a guest's is the guest plan on any tenant (a guest
     * is an anonymous visitor, and must not spend a paying tenant's allowance at its members' pace).
     */
    public Plan governing(Caller caller) {
        return caller.isGuestOnly() ? guestPlan() : find(caller.plan()).orElse(guestPlan());
    }

    /** Refuses a plan name nobody configured, so an account can never point at a plan that does not exist. */
    public Plan require(String name) {
        return find(name).orElseThrow(() -> ColloquyException.invalid("plan", "unknown plan " + name));
    }
}
