package dev.colloquy.command.guard;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Scores text for prompt-injection attempts (catalogue 10.2-02). A scored signal, not a regex block:
 * talking about prompts, rules or DAN scores low, while addressing the model with an attack scores high,
 * and evidence from several categories adds up.
 */
public final class InjectionScanner {
    private static final List<InjectionSignal> SIGNALS = InjectionSignals.catalogue();
    private static final Pattern QUOTED =
            Pattern.compile("\"[^\"\\n]{1,200}\"|\u201C[^\u201D\\n]{1,200}\u201D|(?<!\\w)'[^'\\n]{1,200}'(?!\\w)");
    private static final double MENTION = 0.5;

    public InjectionScan scan(String text) {
        if (text == null || text.isBlank()) {
            return InjectionScan.NONE;
        }
        ScanText whole = ScanText.of(text);
        ScanText unquoted = ScanText.of(QUOTED.matcher(text).replaceAll(" "));
        Map<String, Double> said = new TreeMap<>();
        Map<String, Double> quoted = new TreeMap<>();
        for (InjectionSignal signal : SIGNALS) {
            if (signal.matches(unquoted)) {
                said.merge(signal.category(), signal.weight(), Math::max);
            } else if (signal.matches(whole)) {
                quoted.merge(signal.category(), signal.weight(), Math::max);
            }
        }
        TreeSet<String> categories = new TreeSet<>(said.keySet());
        categories.addAll(quoted.keySet());
        return new InjectionScan(score(said, quoted), List.copyOf(categories));
    }

    /**
     * Within a category only the strongest signal counts, so restating one topic does not add up; across
     * categories weights combine like independent probabilities, so corroboration raises the score
     * without ever passing 100. Phrases found only inside quotes are usually being talked about ("why
     * does 'ignore previous instructions' work?"), so together they count once, at a discount.
     */
    private static int score(Map<String, Double> said, Map<String, Double> quoted) {
        double mention = quoted.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double innocent = 1 - MENTION * mention;
        for (double weight : said.values()) {
            innocent *= 1 - weight;
        }
        return (int) Math.round(100 * (1 - innocent));
    }
}
