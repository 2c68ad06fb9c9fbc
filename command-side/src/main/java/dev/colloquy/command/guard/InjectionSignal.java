package dev.colloquy.command.guard;

import java.util.function.Function;
import java.util.regex.Pattern;

/** One phrasing the scanner looks for, the attack it suggests and how strongly (0–1). */
record InjectionSignal(String category, double weight, Function<ScanText, String> view, Pattern pattern) {

    /**
     * A phrase over {@link ScanText#words()}. Each space may also match nothing, because a fully
     * spelled-out sentence ("i g n o r e a l l …") folds into one run of letters.
     */
    static InjectionSignal words(String category, double weight, String phrase) {
        Pattern pattern = Pattern.compile("\\b(?:" + phrase.replace(" ", " ?") + ")\\b");
        return new InjectionSignal(category, weight, ScanText::words, pattern);
    }

    /** A case-insensitive, multi-line regex over {@link ScanText#marked()}. */
    static InjectionSignal marked(String category, double weight, String regex) {
        Pattern pattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);
        return new InjectionSignal(category, weight, ScanText::marked, pattern);
    }

    boolean matches(ScanText text) {
        return pattern.matcher(view.apply(text)).find();
    }
}
