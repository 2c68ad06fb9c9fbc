package dev.colloquy.infra.knowledge;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 run on whole batches: LangChain4j's model embeds one text per ONNX call, which leaves most of
 * the matrix units idle. Texts are sorted by length and run in groups padded to their longest, then mean-pooled
 * over the attention mask and scaled to unit length, as the model's own pooling does. The model and tokenizer
 * are the ones inside LangChain4j's jar.
 */
final class BatchedMiniLm implements AutoCloseable {
    static final int MAX_TOKENS = 256;
    private static final int GROUP = 16;

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;

    BatchedMiniLm() {
        try (InputStream model = resource("/all-minilm-l6-v2.onnx");
             InputStream vocabulary = resource("/all-minilm-l6-v2-tokenizer.json")) {
            session = environment.createSession(model.readAllBytes(), new OrtSession.SessionOptions());
            tokenizer = HuggingFaceTokenizer.newInstance(vocabulary, Map.of("padding", "false",
                    "truncation", "true", "maxLength", Integer.toString(MAX_TOKENS)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OrtException e) {
            throw new IllegalStateException("the embedding model could not be loaded", e);
        }
    }

    /** The vectors in the order of {@code texts}, and the word pieces they counted. */
    Encoded encode(List<String> texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        List<Integer> order = new ArrayList<>();
        long tokens = 0;
        for (int i = 0; i < encodings.length; i++) {
            order.add(i);
            tokens += encodings[i].getIds().length;
        }
        order.sort(Comparator.comparingInt(i -> encodings[i].getIds().length));
        float[][] vectors = new float[texts.size()][];
        for (int from = 0; from < order.size(); from += GROUP) {
            List<Integer> group = order.subList(from, Math.min(order.size(), from + GROUP));
            float[][] pooled = run(group.stream().map(i -> encodings[i]).toList());
            for (int j = 0; j < group.size(); j++) {
                vectors[group.get(j)] = pooled[j];
            }
        }
        return new Encoded(List.of(vectors), tokens);
    }

    record Encoded(List<float[]> vectors, long tokens) {
    }

    private float[][] run(List<Encoding> group) {
        int rows = group.size();
        int length = group.stream().mapToInt(e -> e.getIds().length).max().orElse(0);
        long[] ids = new long[rows * length];
        long[] mask = new long[rows * length];
        long[] types = new long[rows * length];
        for (int r = 0; r < rows; r++) {
            Encoding e = group.get(r);
            System.arraycopy(e.getIds(), 0, ids, r * length, e.getIds().length);
            System.arraycopy(e.getAttentionMask(), 0, mask, r * length, e.getAttentionMask().length);
            System.arraycopy(e.getTypeIds(), 0, types, r * length, e.getTypeIds().length);
        }
        long[] shape = {rows, length};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
             OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
             OnnxTensor typeTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape)) {
            inputs.put("input_ids", idTensor);
            inputs.put("attention_mask", maskTensor);
            if (session.getInputNames().contains("token_type_ids")) {
                inputs.put("token_type_ids", typeTensor);
            }
            try (OrtSession.Result result = session.run(inputs)) {
                return pool((float[][][]) result.get(0).getValue(), mask, length);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("the embedding model failed", e);
        }
    }

    private static float[][] pool(float[][][] hidden, long[] mask, int length) {
        float[][] pooled = new float[hidden.length][];
        for (int r = 0; r < hidden.length; r++) {
            float[] sum = new float[hidden[r][0].length];
            int counted = 0;
            for (int t = 0; t < length; t++) {
                if (mask[r * length + t] == 1) {
                    counted++;
                    for (int d = 0; d < sum.length; d++) {
                        sum[d] += hidden[r][t][d];
                    }
                }
            }
            double norm = 0;
            for (int d = 0; d < sum.length; d++) {
                sum[d] /= counted;
                norm += sum[d] * sum[d];
            }
            float scale = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
            for (int d = 0; d < sum.length; d++) {
                sum[d] *= scale;
            }
            pooled[r] = sum;
        }
        return pooled;
    }

    private static InputStream resource(String name) {
        InputStream in = AllMiniLmL6V2EmbeddingModel.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not in LangChain4j's all-MiniLM-L6-v2 jar");
        }
        return in;
    }

    @Override
    public void close() throws OrtException {
        session.close();
        tokenizer.close();
    }
}
