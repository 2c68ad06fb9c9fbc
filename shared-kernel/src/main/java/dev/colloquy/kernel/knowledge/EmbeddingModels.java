package dev.colloquy.kernel.knowledge;

import java.util.List;
import java.util.Optional;

/** The embedding models this deployment offers; the first is what new knowledge bases get. */
public final class EmbeddingModels {
    private final List<EmbeddingModel> models;

    public EmbeddingModels(List<EmbeddingModel> models) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("at least one embedding model is needed");
        }
        this.models = List.copyOf(models);
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
}
