package dev.colloquy.kernel.knowledge;

import java.util.List;

/**
 * Turns texts into vectors (a port: the local ONNX model, or an OpenAI-compatible {@code /embeddings}). A
 * knowledge base keeps the model it was made with; vectors of two models are never compared.
 */
public interface EmbeddingModel {
    /** The catalogue's name for it, stored with every vector it made. */
    String id();

    int dimensions();

    /** One unit-length vector per text, in order, and the tokens the texts counted as. */
    Embeddings embed(List<String> texts);

    record Embeddings(List<float[]> vectors, long tokens) {
        public Embeddings {
            vectors = List.copyOf(vectors);
        }
    }
}
