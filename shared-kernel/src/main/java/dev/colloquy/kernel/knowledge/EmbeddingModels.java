package dev.colloquy.kernel.knowledge;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedding models this deployment offers, with what their tokens cost per million (a model without a price
 * is unpriced, and its usage is counted apart); the first is what new knowledge bases get.
 */
public final class EmbeddingModels {
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private final List<EmbeddingModel> models;
    private final Map<String, BigDecimal> usdPerMillionTokens;

    public EmbeddingModels(List<EmbeddingModel> models, Map<String, BigDecimal> usdPerMillionTokens) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("at least one embedding model is needed");
        }
        this.models = List.copyOf(models);
        this.usdPerMillionTokens = Map.copyOf(usdPerMillionTokens);
    }

    public EmbeddingModel defaultModel() {
        return models.getFirst();
    }

    public Optional<EmbeddingModel> find(String id) {
        return models.stream().filter(model -> model.id().equals(id)).findFirst();
    }

    public List<EmbeddingModel> all() {
        return models;
    }

    /** What {@code tokens} of {@code model} cost; {@code null} when the model has no price. */
    public BigDecimal costOf(String model, long tokens) {
        BigDecimal price = model == null ? BigDecimal.ZERO : usdPerMillionTokens.get(model);
        return price == null ? null
                : price.multiply(BigDecimal.valueOf(tokens)).divide(MILLION, 10, RoundingMode.HALF_UP);
    }
}
