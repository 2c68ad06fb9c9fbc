package dev.colloquy.command.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PiiTypeTest {
    @Test
    void wireNamesAndMarkers() {
        assertThat(PiiType.PAYMENT_CARD.wireName()).isEqualTo("payment_card");
        assertThat(PiiType.API_KEY.wireName()).isEqualTo("api_key");
        assertThat(PiiType.EMAIL.marker()).isEqualTo("[REDACTED:EMAIL]");
        assertThat(PiiType.PAYMENT_CARD.marker()).isEqualTo("[REDACTED:PAYMENT_CARD]");
    }

    @ParameterizedTest
    @EnumSource(PiiType.class)
    void wireNameRoundTrips(PiiType type) {
        assertThat(PiiType.fromName(type.wireName())).isSameAs(type);
    }

    @Test
    void unknownNamesAreRejected() {
        assertThatThrownBy(() -> PiiType.fromName("passport")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("passport");
        assertThatThrownBy(() -> PiiType.fromName("EMAIL")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PiiType.fromName(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
