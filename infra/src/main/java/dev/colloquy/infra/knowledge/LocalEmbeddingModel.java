package dev.colloquy.infra.knowledge;

import dev.colloquy.kernel.knowledge.EmbeddingModel;
import java.util.List;

/**
 * all-MiniLM-L6-v2 in process (ONNX; the model ships inside LangChain4j's jar, so nothing is downloaded): 384
 * dimensions, unit length, the input cut at 256 word pieces (the chunker keeps chunks under that), embedded a
 * batch at a time. Loaded once, on first use, so a node that never embeds never pays for it.
 */
public class LocalEmbeddingModel implements EmbeddingModel {
    private final String id;
    private volatile BatchedMiniLm model;

    public LocalEmbeddingModel(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int dimensions() {
        return 384;
    }

    @Override
    public Embeddings embed(List<String> texts) {
        BatchedMiniLm.Encoded encoded = model().encode(texts);
        return new Embeddings(encoded.vectors(), encoded.tokens());
    }

    private BatchedMiniLm model() {
        BatchedMiniLm loaded = model;
        if (loaded == null) {
            synchronized (this) {
                loaded = model;
                if (loaded == null) {
                    loaded = new BatchedMiniLm();
                    model = loaded;
                }
            }
        }
        return loaded;
    }
}
