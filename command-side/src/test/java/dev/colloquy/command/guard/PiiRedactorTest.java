package dev.colloquy.command.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PiiRedactorTest {
    private final PiiRedactor redactor = new PiiRedactor(EnumSet.allOf(PiiType.class));

    @ParameterizedTest
    @ValueSource(strings = {"bob@example.com", "john.doe+news@mail.example.co.uk", "a_b-c%d@sub-domain.example.io"})
    void emailAddresses(String email) {
        assertRedacted("write to " + email + ".", "write to [REDACTED:EMAIL].", PiiType.EMAIL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob@localhost", "@example.com", "user@", "see me @ noon",
            "a.local.part.that.is.longer.than.sixty.four.characters.is.not.valid@example.com"})
    void notEmailAddresses(String text) {
        assertUntouched(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+44 20 7946 0958", "+1 (555) 010-0199", "555-010-0199", "(030) 12345678", "+49 30 1234567",
            "+442079460958", "1-800-555-0199", "0171 1234567", "555.010.0199", "01 23 45 67 89", "555-0199"})
    void phoneNumbers(String phone) {
        assertRedacted("call " + phone + " today", "call [REDACTED:PHONE] today", PiiType.PHONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"in 2024 we grew", "buy 12 eggs", "pi is 3.14159", "pi is 3.14159265358979", "v1.2.3",
            "version 10.0.19041.1", "on 2024-05-01", "on 01.05.2024", "at 12:30:45", "1 000 000 people",
            "1.000.000 people", "1,234,567 people", "host 192.168.100.200", "ISBN 978-3-16-148410-0", "id 1234567",
            "from 1990-2024", "pages 100-200", "primes 2 3 5 7 11 13 17"})
    void notPhoneNumbers(String text) {
        assertUntouched(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111", "5500 0000 0000 0004",
            "3782 822463 10005"})
    void paymentCards(String card) {
        assertRedacted("card " + card + " please", "card [REDACTED:PAYMENT_CARD] please", PiiType.PAYMENT_CARD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234 5678 9012 3456", "4111 1111 1111 1112", "0000 0000 0000 0000",
            "41111111111111111111111111", "x4111111111111111", "0.4111111111111111", "at 1714567890129 ms"})
    void notPaymentCards(String text) {
        assertUntouched("card " + text);
    }

    @Test
    void punctuationBeforeANumberDoesNotHideIt() {
        assertRedacted("Order no.4111111111111111", "Order no.[REDACTED:PAYMENT_CARD]", PiiType.PAYMENT_CARD);
        assertRedacted("Tel.555-010-0199", "Tel.[REDACTED:PHONE]", PiiType.PHONE);
        assertRedacted("OPENAI_API_KEY=sk-4fG7hJ2kL9mN3pQ8rS1tU6vW", "OPENAI_API_KEY=[REDACTED:API_KEY]",
                PiiType.API_KEY);
    }

    @Test
    void aCardFollowedByAnotherGroupIsStillACard() {
        assertRedacted("4111 1111 1111 1111 2027", "[REDACTED:PAYMENT_CARD] 2027", PiiType.PAYMENT_CARD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DE89 3704 0044 0532 0130 00", "DE89370400440532013000", "GB82WEST12345698765432",
            "GB82 WEST 1234 5698 7654 32", "NO93 8601 1117 947"})
    void ibans(String iban) {
        assertRedacted("IBAN: " + iban + ", thanks", "IBAN: [REDACTED:IBAN], thanks", PiiType.IBAN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DE89 3704 0044 0532 0130 01", "GB82WEST12345698765433", "DE88 3704 0044 0532 0130 00"})
    void notIbans(String text) {
        assertUntouched("IBAN: " + text);
    }

    @Test
    void anIbanFollowedByCapitalsIsStillAnIban() {
        assertRedacted("DE89 3704 0044 0532 0130 00 IS MINE", "[REDACTED:IBAN] IS MINE", PiiType.IBAN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sk-4fG7hJ2kL9mN3pQ8rS1tU6vW", "sk-proj-4fG7hJ2kL9mN3pQ8rS1t_U6vW-x0",
            "sk_live_51HxYz2eZvKYlo2C0abcdefgh", "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "rk_live_51HxYz2eZvKYlo2C0abcd",
            "api_key_A1b2C3d4E5f6G7h8I9j0K1", "ck_9f8e7d6c5b4a3f2e1d0c9b8a", "AKIAIOSFODNN7EXAMPLE",
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "github_pat_11ABCDEFG0123456789_abcdefghijklmnop"})
    void apiKeys(String key) {
        assertRedacted("export KEY=" + key + " now", "export KEY=[REDACTED:API_KEY] now", PiiType.API_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a task-based plan", "a risk-free approach", "use sk-learn-compatible-estimators here",
            "sk-short1", "the desk_live_area is open", "ask-me-anything-about-keys-2024 thread", "AKIA is a prefix"})
    void notApiKeys(String text) {
        assertUntouched(text);
    }

    @Test
    void severalValuesInOneTextAreEachReplacedAndRecorded() {
        PiiRedactor.Redaction redaction = redactor.redact(
                "Mail bob@example.com or call +44 20 7946 0958; card 4111 1111 1111 1111, IBAN GB82WEST12345698765432,"
                        + " key sk-proj-4fG7hJ2kL9mN3pQ8rS1tU6vW. Thanks bob@example.com!");

        assertThat(redaction.text()).isEqualTo("Mail [REDACTED:EMAIL] or call [REDACTED:PHONE]; card"
                + " [REDACTED:PAYMENT_CARD], IBAN [REDACTED:IBAN], key [REDACTED:API_KEY]. Thanks [REDACTED:EMAIL]!");
        assertThat(redaction.types()).containsExactlyInAnyOrder(PiiType.values());
    }

    @Test
    void aFifteenDigitCardIsACardNotAPhoneNumber() {
        PiiRedactor.Redaction redaction = redactor.redact("Amex 3782 822463 10005");

        assertThat(redaction.text()).isEqualTo("Amex [REDACTED:PAYMENT_CARD]");
        assertThat(redaction.types()).containsExactly(PiiType.PAYMENT_CARD);
    }

    @Test
    void onlyTheEnabledTypesAreRedacted() {
        PiiRedactor emailOnly = new PiiRedactor(Set.of(PiiType.EMAIL));

        PiiRedactor.Redaction redaction = emailOnly.redact("bob@example.com, 4111 1111 1111 1111");

        assertThat(redaction.text()).isEqualTo("[REDACTED:EMAIL], 4111 1111 1111 1111");
        assertThat(redaction.types()).containsExactly(PiiType.EMAIL);
    }

    @Test
    void nothingEnabledLeavesTheTextAlone() {
        String text = "bob@example.com, 4111 1111 1111 1111";

        assertThat(new PiiRedactor(Set.of()).redact(text)).isEqualTo(new PiiRedactor.Redaction(text, Set.of()));
    }

    private void assertRedacted(String text, String expected, PiiType type) {
        PiiRedactor.Redaction redaction = redactor.redact(text);

        assertThat(redaction.text()).isEqualTo(expected);
        assertThat(redaction.types()).containsExactly(type);
    }

    private void assertUntouched(String text) {
        assertThat(redactor.redact(text)).isEqualTo(new PiiRedactor.Redaction(text, Set.of()));
    }
}
