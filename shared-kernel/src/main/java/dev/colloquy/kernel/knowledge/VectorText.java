package dev.colloquy.kernel.knowledge;

/** pgvector's text form, {@code [0.1,0.2,…]}: bound as text and cast, so no driver type is needed. */
public final class VectorText {
    private VectorText() {
    }

    public static String of(float[] vector) {
        StringBuilder text = new StringBuilder(vector.length * 10).append('[');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(vector[i]);
        }
        return text.append(']').toString();
    }
}
