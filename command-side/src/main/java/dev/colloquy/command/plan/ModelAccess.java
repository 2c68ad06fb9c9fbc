package dev.colloquy.command.plan;

import dev.colloquy.command.model.ModelCatalogue;
import dev.colloquy.command.model.ModelSpec;
import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import java.util.List;
import java.util.Map;

/**
 * Which models a caller may use: those of the caller's plan that the catalogue offers; a guest only those that
 * the guest plan also offers. Checked before any command is sent, so a refused model records nothing.
 */
public final class ModelAccess {
    private final Plans plans;
    private final ModelCatalogue catalogue;

    public ModelAccess(Plans plans, ModelCatalogue catalogue) {
        this.plans = plans;
        this.catalogue = catalogue;
    }

    public List<ModelSpec> allowed(Caller caller) {
        Plan plan = plan(caller);
        List<String> guestModels = plans.guestPlan().models();
        return catalogue.all().stream()
                .filter(model -> plan.models().contains(model.id()))
                .filter(model -> !caller.isGuestOnly() || guestModels.contains(model.id()))
                .toList();
    }

    public void require(Caller caller, String model) {
        if (catalogue.find(model).isEmpty()) {
            throw ColloquyException.invalid("model", "unknown model " + model);
        }
        if (allowed(caller).stream().noneMatch(spec -> spec.id().equals(model))) {
            throw new ColloquyException(ErrorCode.MODEL_NOT_ALLOWED, "your plan does not include model " + model,
                    Map.of("model", model, "plan", caller.plan()));
        }
    }

    public Plan plan(Caller caller) {
        return plans.find(caller.plan()).orElse(plans.guestPlan());
    }
}
