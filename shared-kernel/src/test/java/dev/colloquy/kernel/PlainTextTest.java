package dev.colloquy.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.colloquy.kernel.error.ColloquyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainTextTest {
    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u0001", "\u001B", "\u007F", "\u0080", "\u0085", "\u009F", "\uD800", "\uDC00"})
    void controlCharactersAndLoneSurrogatesAreNeverText(String fault) {
        assertThatThrownBy(() -> PlainText.requireProse("content", "a" + fault + "b"))
                .isInstanceOf(ColloquyException.class)
                .hasMessage("content contains U+%04X at index 1, which is not allowed here", (int) fault.charAt(0));
        assertThatThrownBy(() -> PlainText.requireSingleLine("title", fault)).isInstanceOf(ColloquyException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r", "\t"})
    void lineBreaksAndTabsBelongToProseOnly(String whitespace) {
        assertThatCode(() -> PlainText.requireProse("content", "a" + whitespace + "b")).doesNotThrowAnyException();
        assertThatThrownBy(() -> PlainText.requireSingleLine("title", "a" + whitespace + "b"))
                .hasMessageContaining("title contains");
    }

    @Test
    void wholeCharactersOutsideTheBasicPlaneAndEveryScriptAreText() {
        assertThatCode(() -> PlainText.requireSingleLine("title", "Grüße 😀 你好 שלום")).doesNotThrowAnyException();
        assertThat(PlainText.isClean("😀", false)).isTrue();
        assertThat(PlainText.isClean("\uD83D", false)).isFalse();
    }

    @Test
    void aModelsReplyLosesItsControlCharactersAndKeepsTheRest() {
        assertThat(PlainText.withoutControlCharacters("a\u0000b\u001Bc\nd\te\u0085")).isEqualTo("abc\nd\te");
        String clean = "nothing to drop 😀";
        assertThat(PlainText.withoutControlCharacters(clean)).isSameAs(clean);
        assertThat(PlainText.withoutControlCharacters("\uD83D")).as("half a pair, completed by the next delta")
                .isEqualTo("\uD83D");
    }
}
