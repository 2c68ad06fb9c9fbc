package dev.colloquy.command.guard;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores text for prompt-injection attempts (catalogue 10.2-02). A scored signal, not a regex block:
 * talking about prompts, rules or DAN scores low, while addressing the model with an attack scores high,
 * and evidence from several categories adds up.
 */
public final class InjectionScanner {
    private static final List<InjectionSignal> SIGNALS = InjectionSignals.catalogue();

    public InjectionScan scan(String text) {
        if (text == null || text.isBlank()) {
            return InjectionScan.NONE;
        }
        ScanText view = ScanText.of(text);
        Map<String, Double> strongest = new TreeMap<>();
        for (InjectionSignal signal : SIGNALS) {
            if (signal.matches(view)) {
                strongest.merge(signal.category(), signal.weight(), Math::max);
            }
        }
        return new InjectionScan(score(strongest.values()), List.copyOf(strongest.keySet()));
    }

    /**
     * Within a category only the strongest signal counts, so restating one topic does not add up; across
     * categories weights combine like independent probabilities, so corroboration raises the score
     * without ever passing 100.
     */
    private static int score(Collection<Double> weights) {
        double innocent = 1;
        for (double weight : weights) {
            innocent *= 1 - weight;
        }
        return (int) Math.round(100 * (1 - innocent));
    }
}
