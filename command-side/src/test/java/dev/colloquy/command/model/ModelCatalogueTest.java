package dev.colloquy.command.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.colloquy.kernel.reply.TokenUsage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCatalogueTest {
    private static final ModelSpec MINI = spec("gpt-4o-mini", "0.10", "0.40");
    private static final ModelSpec LARGE = spec("gpt-4o", "2.50", "10.00");
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Instant CHANGE = Instant.parse("2027-01-01T00:00:00Z");
    private static final ModelSpec REPRICED = new ModelSpec("gpt-4o-mini", "openai", "gpt-4o-mini", 128_000, 4_000,
            new BigDecimal("0.10"), new BigDecimal("0.40"),
            List.of(new ModelSpec.PriceChange(CHANGE, new BigDecimal("0.20"), new BigDecimal("0.80"))));
    private final ModelCatalogue catalogue = new ModelCatalogue(List.of(MINI, LARGE));

    @Test
    void findsAModelById() {
        assertThat(catalogue.find("gpt-4o")).contains(LARGE);
    }

    @Test
    void unknownModelIsNotFound() {
        assertThat(catalogue.find("mystery-model")).isEmpty();
    }

    @Test
    void missingModelIdIsNotFound() {
        assertThat(catalogue.find(null)).isEmpty();
    }

    @Test
    void listsModelsInCatalogueOrder() {
        assertThat(catalogue.all()).containsExactly(MINI, LARGE);
    }

    @Test
    void costIsPricePerMillionTokensForPromptAndCompletion() {
        // 1000 × $0.10/M + 500 × $0.40/M = $0.0001 + $0.0002
        assertThat(ModelCatalogue.cost(MINI, new TokenUsage(1000, 500), NOW)).isEqualTo(new BigDecimal("0.000300"));
    }

    @Test
    void costIsRoundedHalfUpToTheMicroDollar() {
        // 1,234,567 × $2.50/M + 89,012 × $10/M = $3.9765375
        assertThat(ModelCatalogue.cost(LARGE, new TokenUsage(1_234_567, 89_012), NOW))
                .isEqualTo(new BigDecimal("3.976538"));
    }

    @Test
    void costBelowHalfAMicroDollarRoundsToZero() {
        // 1 × $0.40/M = $0.0000004
        assertThat(ModelCatalogue.cost(MINI, new TokenUsage(0, 1), NOW)).isEqualTo(new BigDecimal("0.000000"));
    }

    @Test
    void costOfHalfAMicroDollarRoundsUp() {
        // 5 × $0.10/M = $0.0000005
        assertThat(ModelCatalogue.cost(MINI, new TokenUsage(5, 0), NOW)).isEqualTo(new BigDecimal("0.000001"));
    }

    @Test
    void costAlwaysHasSixDecimals() {
        assertThat(ModelCatalogue.cost(LARGE, new TokenUsage(1_000_000, 0), NOW).scale()).isEqualTo(6);
    }

    @Test
    void usageBeforeAPriceChangeKeepsTheOldPrice() {
        assertThat(ModelCatalogue.cost(REPRICED, new TokenUsage(1000, 500), CHANGE.minusMillis(1)))
                .isEqualTo(new BigDecimal("0.000300"));
    }

    @Test
    void usageFromThePriceChangeOnPaysTheNewPrice() {
        assertThat(ModelCatalogue.cost(REPRICED, new TokenUsage(1000, 500), CHANGE))
                .isEqualTo(new BigDecimal("0.000600"));
    }

    @Test
    void priceChangesApplyInDateOrderWhateverOrderTheyAreConfiguredIn() {
        Instant later = CHANGE.plusSeconds(86_400);
        ModelSpec spec = new ModelSpec("m", "openai", "m", 8_000, 1_000, BigDecimal.ONE, BigDecimal.ONE, List.of(
                new ModelSpec.PriceChange(later, new BigDecimal("3"), new BigDecimal("3")),
                new ModelSpec.PriceChange(CHANGE, new BigDecimal("2"), new BigDecimal("2"))));
        assertThat(spec.priceAt(CHANGE.plusSeconds(1)).inputPerMillion()).isEqualByComparingTo("2");
        assertThat(spec.priceAt(later).inputPerMillion()).isEqualByComparingTo("3");
        assertThat(spec.priceAt(NOW).inputPerMillion()).isEqualByComparingTo("1");
    }

    private static ModelSpec spec(String id, String inputPrice, String outputPrice) {
        return new ModelSpec(id, "openai", id, 128_000, 4_000, new BigDecimal(inputPrice), new BigDecimal(outputPrice),
                List.of());
    }
}
