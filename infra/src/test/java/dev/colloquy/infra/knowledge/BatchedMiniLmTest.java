package dev.colloquy.infra.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The batched encoder gives the vectors LangChain4j's one-text-at-a-time model gives, whatever the mix of lengths
 * in a batch (padding must not leak into the pooling), in the order of the texts.
 */
class BatchedMiniLmTest {
    private static BatchedMiniLm batched;

    @BeforeAll
    static void load() {
        batched = new BatchedMiniLm();
    }

    @AfterAll
    static void close() throws Exception {
        batched.close();
    }

    @Test
    void vectorsMatchTheReferenceModelInTheOrderGiven() {
        List<String> texts = List.of("Tomatoes need sun.",
                "Roses are pruned in late winter, just above an outward-facing bud, and the cuttings burnt.",
                "How do I read a file line by line in Python?",
                "x",
                ("A long paragraph about orchards, bees, hives and the seasons of the year. ").repeat(6));
        AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel(Runnable::run);
        List<Embedding> expected = reference.embedAll(texts.stream().map(TextSegment::from).toList()).content();

        BatchedMiniLm.Encoded encoded = batched.encode(texts);

        assertThat(encoded.vectors()).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            assertThat(cosine(encoded.vectors().get(i), expected.get(i).vector())).as(texts.get(i))
                    .isGreaterThan(0.9999);
            assertThat(cosine(encoded.vectors().get(i), encoded.vectors().get(i))).isCloseTo(1.0,
                    org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(encoded.tokens()).isGreaterThan(texts.size() * 2L);
    }

    @Test
    void aTextPastTheWindowIsCutAtItsLimit() {
        String longText = "word ".repeat(2000);
        BatchedMiniLm.Encoded encoded = batched.encode(List.of(longText));
        assertThat(encoded.tokens()).isEqualTo(BatchedMiniLm.MAX_TOKENS);
        assertThat(encoded.vectors().getFirst()).hasSize(384);
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
