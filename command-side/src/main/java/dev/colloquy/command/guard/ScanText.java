package dev.colloquy.command.guard;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two views a signal can match. {@code marked} keeps case and punctuation, for tokens such as
 * {@code <|im_start|>}; {@code words} folds away what attackers use to slip phrases past a filter —
 * case, punctuation, leetspeak and spelled-out letters — leaving lower-case words separated by one space.
 */
record ScanText(String marked, String words) {
    private static final Pattern INVISIBLE = Pattern.compile("\\p{Cf}");
    private static final Pattern APOSTROPHE = Pattern.compile("['\u2019`]");
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}@$]+");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern SPELLED_OUT =
            Pattern.compile("\\b(?:\\w ){2,}\\w\\b", Pattern.UNICODE_CHARACTER_CLASS);
    private static final String LEET = "0134579@$";
    private static final String LETTERS = "oieastgas";

    static ScanText of(String text) {
        // NFKC turns full-width and other look-alike compatibility forms into plain letters
        String marked = INVISIBLE.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC)).replaceAll("");
        return new ScanText(marked, fold(marked));
    }

    private static String fold(String marked) {
        String lower = APOSTROPHE.matcher(marked.toLowerCase(Locale.ROOT)).replaceAll("");
        String spaced = NON_WORD.matcher(unleet(lower)).replaceAll(" ").strip();
        String joined = SPELLED_OUT.matcher(spaced).replaceAll(m -> m.group().replace(" ", ""));
        // again, because digits spelled out on their own ("i g n 0 r e") were not part of a word before
        return unleet(joined);
    }

    private static String unleet(String text) {
        return TOKEN.matcher(text).replaceAll(m -> Matcher.quoteReplacement(unleetToken(m.group())));
    }

    private static String unleetToken(String token) {
        // a token without letters is a number or a price, not a disguised word
        if (token.chars().noneMatch(Character::isLetter)) {
            return token;
        }
        StringBuilder word = new StringBuilder(token.length());
        for (char c : token.toCharArray()) {
            int leet = LEET.indexOf(c);
            word.append(leet < 0 ? c : LETTERS.charAt(leet));
        }
        return word.toString();
    }
}
