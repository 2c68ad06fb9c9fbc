package dev.colloquy.kernel.reply;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The prices in force for a reply's model where and when the reply started, in USD per million tokens. It travels
 * with the reply, so that whichever node records the reply's usage can price it, whatever its own catalogue.
 */
public record ReplyPrice(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public BigDecimal cost(long promptTokens, long completionTokens) {
        return inputPerMillion.multiply(BigDecimal.valueOf(promptTokens))
                .add(outputPerMillion.multiply(BigDecimal.valueOf(completionTokens)))
                .divide(MILLION, 6, RoundingMode.HALF_UP);
    }
}
