package dev.colloquy.command.plan;

import dev.colloquy.command.model.ModelSpec;
import dev.colloquy.kernel.Caller;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/models}: the models the caller may use now, with their context windows and prices. */
@RestController
public class ModelsController {
    private final ModelAccess access;

    public ModelsController(ModelAccess access) {
        this.access = access;
    }

    /** Prices in force now, and the changes already announced (effective later). */
    public record ModelEntry(String id, int contextWindow, int maxOutputTokens, BigDecimal inputPricePerMillion,
                             BigDecimal outputPricePerMillion, List<ModelSpec.PriceChange> upcomingPrices) {
    }

    public record ModelList(String plan, List<ModelEntry> models) {
    }

    @GetMapping("/api/v1/models")
    public ModelList models(Caller caller) {
        Instant now = Instant.now();
        return new ModelList(access.plan(caller).name(), access.allowed(caller).stream()
                .map(m -> {
                    ModelSpec.Price price = m.priceAt(now);
                    return new ModelEntry(m.id(), m.contextWindow(), m.outputReserve(), price.inputPerMillion(),
                            price.outputPerMillion(),
                            m.priceChanges().stream().filter(c -> c.effectiveFrom().isAfter(now)).toList());
                })
                .toList());
    }
}
