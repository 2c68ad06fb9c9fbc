package dev.colloquy.command.model;

import dev.colloquy.kernel.reply.TokenUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The models a deployment offers. A model not listed here cannot be used, and so is never priced at $0. */
public final class ModelCatalogue {
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    private final Map<String, ModelSpec> models = new LinkedHashMap<>();

    public ModelCatalogue(List<ModelSpec> specs) {
        specs.forEach(spec -> models.put(spec.id(), spec));
    }

    public Optional<ModelSpec> find(String id) {
        return Optional.ofNullable(id).map(models::get);
    }

    public List<ModelSpec> all() {
        return List.copyOf(models.values());
    }

    /** Cost in USD, to the micro-dollar, at the price in force at {@code at}. */
    public static BigDecimal cost(ModelSpec spec, TokenUsage usage, Instant at) {
        ModelSpec.Price price = spec.priceAt(at);
        BigDecimal input = price.inputPerMillion().multiply(BigDecimal.valueOf(usage.promptTokens()));
        BigDecimal output = price.outputPerMillion().multiply(BigDecimal.valueOf(usage.completionTokens()));
        return input.add(output).divide(MILLION, 6, RoundingMode.HALF_UP);
    }
}
