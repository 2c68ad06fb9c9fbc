package dev.colloquy.command.plan;

import dev.colloquy.kernel.Caller;
import java.math.BigDecimal;
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

    public record ModelEntry(String id, int contextWindow, int maxOutputTokens, BigDecimal inputPricePerMillion,
                             BigDecimal outputPricePerMillion) {
    }

    public record ModelList(String plan, List<ModelEntry> models) {
    }

    @GetMapping("/api/v1/models")
    public ModelList models(Caller caller) {
        return new ModelList(access.plan(caller).name(), access.allowed(caller).stream()
                .map(m -> new ModelEntry(m.id(), m.contextWindow(), m.outputReserve(), m.inputPricePerMillion(),
                        m.outputPricePerMillion()))
                .toList());
    }
}
