package dev.colloquy.command.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.colloquy.kernel.reply.TokenUsage;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCatalogueTest {
    private static final ModelSpec MINI = spec("gpt-4o-mini", "0.10", "0.40");
    private static final ModelSpec LARGE = spec("gpt-4o", "2.50", "10.00");
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
        assertThat(ModelCatalogue.cost(MINI, new TokenUsage(1000, 500))).isEqualTo(new BigDecimal("0.000300"));
    }

    @Test
    void costIsRoundedHalfUpToTheMicroDollar() {
        // 1,234,567 × $2.50/M + 89,012 × $10/M = $3.9765375
        assertThat(ModelCatalogue.cost(LARGE, new TokenUsage(1_234_567, 89_012)))
                .isEqualTo(new BigDecimal("3.976538"));
    }

    @Test
    void costBelowHalfAMicroDollarRoundsToZero() {
        // 1 × $0.40/M = $0.0000004
        assertThat(ModelCatalogue.cost(MINI, new TokenUsage(0, 1))).isEqualTo(new BigDecimal("0.000000"));
    }

    @Test
    void costOfHalfAMicroDollarRoundsUp() {
        // 5 × $0.10/M = $0.0000005
        assertThat(ModelCatalogue.cost(MINI, new TokenUsage(5, 0))).isEqualTo(new BigDecimal("0.000001"));
    }

    @Test
    void costAlwaysHasSixDecimals() {
        assertThat(ModelCatalogue.cost(LARGE, new TokenUsage(1_000_000, 0)).scale()).isEqualTo(6);
    }

    private static ModelSpec spec(String id, String inputPrice, String outputPrice) {
        return new ModelSpec(id, "openai", id, 128_000, 4_000, new BigDecimal(inputPrice), new BigDecimal(outputPrice));
    }
}
