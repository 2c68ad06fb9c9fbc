package dev.colloquy.command.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StreamingRedactorTest {
    private static final PiiRedactor ALL = new PiiRedactor(EnumSet.allOf(PiiType.class));

    /**
     * Each value with the part of it that identifies it on its own (through the "@" of an address, the first six
     * digits of a number, the prefix and a few secret characters of a key): no release may ever show that part.
     */
    private static final List<Secret> SECRETS = List.of(
            new Secret("bob.smith+news@mail.example.co.uk", "bob.smith+news@"),
            new Secret("jo@ex.io", "jo@"),
            new Secret("+44 20 7946 0958", "+44 20 79"),
            new Secret("+1 (555) 010-0199", "+1 (555) 01"),
            new Secret("555-010-0199", "555-010"),
            new Secret("(030) 12345678", "(030) 123"),
            new Secret("4111 1111 1111 1111", "4111 11"),
            new Secret("3782-822463-10005", "3782-82"),
            new Secret("DE89 3704 0044 0532 0130 00", "DE89 37"),
            new Secret("GB82WEST12345698765432", "GB82WE"),
            new Secret("sk-proj-4fG7hJ2kL9mN3pQ8rS1tU6vW", "sk-proj-4f"),
            new Secret("sk_live_51HxYz2eZvKYlo2C0abcdefgh", "sk_live_51"),
            new Secret("api_key_A1b2C3d4E5f6G7h8I9j0K1", "api_key_A1"),
            new Secret("ck_9f8e7d6c5b4a3f2e1d0c9b8a", "ck_9f8e"),
            new Secret("AKIAIOSFODNN7EXAMPLE", "AKIAIOSF"),
            new Secret("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_abcd"),
            new Secret("github_pat_11ABCDEFG0123456789_abcdefghijklmnop", "github_pat_11"));

    /** Lookalikes that must stream through untouched, and a text full of values side by side. */
    private static final List<String> OTHER_TEXTS = List.of(
            "On 2024-05-01 at 12:30:45 we shipped v1.2.3 (pi=3.14159) to 1 000 000 users at 192.168.100.200;"
                    + " card 1234 5678 9012 3456, IBAN DE89 3704 0044 0532 0130 01, a task-based plan, sk-learn.",
            "Mail jo@ex.io or +44 20 7946 0958, card 4111 1111 1111 1111 2027, key AKIAIOSFODNN7EXAMPLE\n"
                    + "IBAN GB82WEST12345698765432 IS MINE; call 555-010-0199.",
            "Hello there, how are you? Fine! Thanks for asking, it's been a long week.",
            "Order no.4111111111111111, not x4111111111111111 nor 0.4111111111111111,"
                    + " ref:xsk-proj-4fG7hJ2kL9mN3pQ8rS1tU6vW but ref:x-sk-proj-4fG7hJ2kL9mN3pQ8rS1tU6vW,"
                    + " tel.555-010-0199, a1jo@ex.io.");

    static Stream<String> texts() {
        Stream<String> embedded = SECRETS.stream().flatMap(secret -> Stream.of(
                secret.value() + " is what you asked for.",
                "Sure, here it is: " + secret.value() + " and that's all.",
                "The value is " + secret.value()));
        return Stream.concat(embedded, OTHER_TEXTS.stream());
    }

    @ParameterizedTest
    @MethodSource("texts")
    void everySplitInTwoStreamsLikeTheWholeText(String text) {
        for (int split = 0; split <= text.length(); split++) {
            assertStreamsLikeTheWholeText(text, List.of(text.substring(0, split), text.substring(split)));
        }
    }

    @ParameterizedTest
    @MethodSource("texts")
    void randomSplitsStreamLikeTheWholeText(String text) {
        Random random = new Random(text.hashCode());
        for (int run = 0; run < 100; run++) {
            assertStreamsLikeTheWholeText(text, randomChunks(text, random));
        }
    }

    @ParameterizedTest
    @MethodSource("texts")
    void characterByCharacterStreamsLikeTheWholeText(String text) {
        assertStreamsLikeTheWholeText(text, text.chars().mapToObj(c -> String.valueOf((char) c)).toList());
    }

    /** Texts pieced together from fragments of values and their lookalikes, so that they meet in odd ways. */
    @Test
    void textsOfValueFragmentsStreamLikeTheWholeText() {
        List<String> fragments = List.of(" ", "  ", "\n", "1", "23", "4111", "555", "0958", "-", ".", ",", "(", ")",
                "+", "+44", "@", "bob", ".com", "sk-", "sk_live_", "ck_", "AKIA", "ghp_", "DE89", "GB82", "WEST",
                "3704", "a1B2c3D4e5", "x", "Z", "_", "\uD83D\uDE00", "2024-05-01", "3.14", "4111 1111 1111 1111",
                "DE89 3704 0044 0532 0130 00", "jo@ex.io", "+1 (555) 010-0199", "AKIAIOSFODNN7EXAMPLE");
        Random random = new Random(7);
        for (int run = 0; run < 3000; run++) {
            StringBuilder text = new StringBuilder();
            for (int i = 1 + random.nextInt(30); i > 0; i--) {
                text.append(fragments.get(random.nextInt(fragments.size())));
            }
            assertStreamsLikeTheWholeText(text.toString(), randomChunks(text.toString(), random));
        }
    }

    @Test
    void theTextsReallyCarryTheirSecrets() {
        for (Secret secret : SECRETS) {
            String text = "Sure, here it is: " + secret.value() + " and that's all.";
            assertThat(ALL.redact(text).text()).as(secret.value()).doesNotContain(secret.tell());
        }
    }

    @Test
    void anAddressSplitAcrossChunksNeverShows() {
        StreamingRedactor stream = new StreamingRedactor(ALL);

        assertThat(stream.accept("contact bob@exa")).isEqualTo("contact ");
        assertThat(stream.accept("mple.com today")).isEqualTo("[REDACTED:EMAIL] ");
        assertThat(stream.finish()).isEqualTo("today");
        assertThat(stream.redacted()).containsExactly(PiiType.EMAIL);
    }

    @Test
    void proseWaitsOnlyOnItsTrailingWord() {
        StreamingRedactor stream = new StreamingRedactor(ALL);

        assertThat(stream.accept("Hello there, how are you")).isEqualTo("Hello there, how are ");
        assertThat(stream.heldBack()).isEqualTo("you".length());
        assertThat(stream.accept(" today? Fine!")).isEqualTo("you today? Fine!");
        assertThat(stream.heldBack()).isZero();
    }

    @Test
    void aNumberThatMayContinueIsHeldAcrossSpaces() {
        StreamingRedactor stream = new StreamingRedactor(ALL);

        assertThat(stream.accept("call +44 20 ")).isEqualTo("call ");
        assertThat(stream.accept("7946 0958")).isEmpty();
        assertThat(stream.accept(" now")).isEqualTo("[REDACTED:PHONE] ");
        assertThat(stream.accept("!")).isEqualTo("now!");
    }

    @Test
    void finishReleasesEverythingHeld() {
        StreamingRedactor stream = new StreamingRedactor(ALL);
        String first = stream.accept("see you at ");
        String second = stream.accept("4111 1111 1111 1111");

        String rest = stream.finish();

        assertThat(first + second + rest).isEqualTo("see you at [REDACTED:PAYMENT_CARD]");
        assertThat(rest).endsWith("[REDACTED:PAYMENT_CARD]");
        assertThat(stream.text()).isEqualTo(first + second + rest);
        assertThat(stream.heldBack()).isZero();
        assertThat(stream.finish()).isEmpty();
    }

    @Test
    void withNothingEnabledEverythingFlowsAtOnce() {
        StreamingRedactor stream = new StreamingRedactor(new PiiRedactor(Set.of()));

        assertThat(stream.accept("mail bob@exa")).isEqualTo("mail bob@exa");
        assertThat(stream.redacted()).isEmpty();
    }

    @Test
    void aChunkAfterFinishIsRejected() {
        StreamingRedactor stream = new StreamingRedactor(ALL);
        stream.finish();

        assertThatThrownBy(() -> stream.accept("late")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aReleaseNeverEndsInHalfASurrogatePair() {
        StreamingRedactor stream = new StreamingRedactor(ALL);
        String smile = "\uD83D\uDE00";

        assertThat(stream.accept("smile " + smile.charAt(0))).isEqualTo("smile ");
        assertThat(stream.accept(smile.charAt(1) + " ok")).isEqualTo(smile + " ");
    }

    /** Runs that keep detectors guessing the longest: each must stay within the bound and stream exactly. */
    @ParameterizedTest
    @MethodSource("longRuns")
    void theHoldbackStaysWithinItsBoundWithoutChangingTheResult(String text) {
        StreamingRedactor stream = new StreamingRedactor(ALL);
        StringBuilder released = new StringBuilder();
        int longestHold = 0;
        for (char c : text.toCharArray()) {
            released.append(stream.accept(String.valueOf(c)));
            longestHold = Math.max(longestHold, stream.heldBack());
        }
        released.append(stream.finish());

        assertThat(longestHold).isLessThanOrEqualTo(StreamingRedactor.MAX_HOLDBACK);
        assertThat(released).hasToString(ALL.redact(text).text());
    }

    static Stream<String> longRuns() {
        return Stream.of(
                "x".repeat(1000),
                "a.".repeat(500),
                "bob@" + "ab.".repeat(80) + "com and more",
                "bob.".repeat(20) + "@" + "example.".repeat(30) + "com",
                "sk-" + "a1".repeat(400),
                "1 ".repeat(500),
                "12-".repeat(300),
                "+(1) ".repeat(200),
                "GB82" + " WEST".repeat(200),
                "4111 1111 1111 1111 ".repeat(50));
    }

    @Test
    void pastTheBoundTheOldestPartIsReleasedRedactedAsFarAsSeen() {
        StreamingRedactor stream = new StreamingRedactor(ALL, 16);
        StringBuilder released = new StringBuilder();
        String text = "call 555-010-0199 now, then read " + "x".repeat(100)
                + " and mail firstname.lastname@example.com";
        for (char c : text.toCharArray()) {
            released.append(stream.accept(String.valueOf(c)));
            assertThat(stream.heldBack()).isLessThanOrEqualTo(16);
        }
        released.append(stream.finish());

        // Values that fit within the bound are still redacted; one that does not is split by a forced cut.
        assertThat(released.toString()).startsWith("call [REDACTED:PHONE] now, then read xxx")
                .contains("firstname.").doesNotContain("[REDACTED:EMAIL]");
    }

    private static void assertStreamsLikeTheWholeText(String text, List<String> chunks) {
        String whole = ALL.redact(text).text();
        StreamingRedactor stream = new StreamingRedactor(ALL);
        StringBuilder released = new StringBuilder();
        for (String chunk : chunks) {
            released.append(stream.accept(chunk));
            assertSafe(text, whole, released, chunks);
        }
        released.append(stream.finish());

        assertThat(released).as("chunks %s", chunks).hasToString(whole);
        assertThat(stream.text()).isEqualTo(whole);
        assertThat(stream.redacted()).isEqualTo(ALL.redact(text).types());
    }

    /** A release that is a prefix of the whole redaction shows no value it redacts, nor any start of one. */
    private static void assertSafe(String text, String whole, CharSequence released, List<String> chunks) {
        assertThat(whole).as("chunks %s", chunks).startsWith(released.toString());
        for (Secret secret : SECRETS) {
            if (text.contains(secret.value()) && !whole.contains(secret.tell())) {
                assertThat(released.toString()).as("chunks %s", chunks).doesNotContain(secret.tell());
            }
        }
    }

    private static List<String> randomChunks(String text, Random random) {
        List<String> chunks = new ArrayList<>();
        for (int start = 0; start < text.length(); ) {
            int end = Math.min(text.length(), start + 1 + random.nextInt(random.nextBoolean() ? 4 : 16));
            chunks.add(text.substring(start, end));
            start = end;
        }
        return chunks;
    }

    private record Secret(String value, String tell) {
    }
}
