package dev.colloquy.infra.knowledge;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.colloquy.kernel.knowledge.EmbeddingModel;
import java.util.List;

/**
 * all-MiniLM-L6-v2 in process (ONNX; the model ships inside LangChain4j's jar, so nothing is downloaded): 384
 * dimensions, unit length, the input cut at 256 word pieces (the chunker keeps chunks under that). Loaded once,
 * on first use, so a node that never embeds never pays for it.
 */
public class LocalEmbeddingModel implements EmbeddingModel {
    private final String id;
    private volatile AllMiniLmL6V2EmbeddingModel model;

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
        Response<List<Embedding>> response = model().embedAll(texts.stream().map(TextSegment::from).toList());
        long tokens = response.tokenUsage() != null && response.tokenUsage().inputTokenCount() != null
                ? response.tokenUsage().inputTokenCount() : texts.stream().mapToLong(t -> t.length() / 4 + 1).sum();
        return new Embeddings(response.content().stream().map(Embedding::vector).toList(), tokens);
    }

    private AllMiniLmL6V2EmbeddingModel model() {
        AllMiniLmL6V2EmbeddingModel loaded = model;
        if (loaded == null) {
            synchronized (this) {
                loaded = model;
                if (loaded == null) {
                    // One thread: the two cores serve requests too, and ONNX runs each batch on its own threads.
                    loaded = new AllMiniLmL6V2EmbeddingModel(Runnable::run);
                    model = loaded;
                }
            }
        }
        return loaded;
    }
}
