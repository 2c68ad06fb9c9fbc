package dev.colloquy.infra.knowledge;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.Timeout;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.colloquy.kernel.knowledge.EmbeddingModel;
import java.time.Duration;
import java.util.List;

/**
 * Any OpenAI-compatible {@code /embeddings} (OpenAI, vLLM, Ollama). The client retries 429s and 5xx with
 * exponential back-off; a batch that still fails is rolled back and claimed again later, so no chunk is dropped.
 */
public class OpenAiEmbeddingModel implements EmbeddingModel {
    private final String id;
    private final String upstreamName;
    private final int dimensions;
    private final OpenAIClient client;

    public OpenAiEmbeddingModel(String id, String upstreamName, int dimensions, String baseUrl, String apiKey,
                                Duration timeout) {
        this.id = id;
        this.upstreamName = upstreamName == null ? id : upstreamName;
        this.dimensions = dimensions;
        this.client = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey(apiKey).maxRetries(5)
                .timeout(Timeout.builder().connect(timeout).read(timeout).write(timeout).request(timeout).build())
                .build();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public Embeddings embed(List<String> texts) {
        CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
                .model(upstreamName).inputOfArrayOfStrings(texts).build());
        List<float[]> vectors = response.data().stream()
                .sorted(java.util.Comparator.comparingLong(com.openai.models.embeddings.Embedding::index))
                .map(embedding -> unit(embedding.embedding())).toList();
        if (vectors.size() != texts.size() || vectors.stream().anyMatch(v -> v.length != dimensions)) {
            throw new IllegalStateException("embedding model " + id + " answered " + vectors.size()
                    + " vectors for " + texts.size() + " texts, or not of " + dimensions + " dimensions");
        }
        return new Embeddings(vectors, response.usage().promptTokens());
    }

    private static float[] unit(List<Float> values) {
        float[] vector = new float[values.size()];
        double norm = 0;
        for (int i = 0; i < vector.length; i++) {
            vector[i] = values.get(i);
            norm += vector[i] * vector[i];
        }
        float scale = norm == 0 ? 1 : (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= scale;
        }
        return vector;
    }
}
