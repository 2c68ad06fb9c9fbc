package dev.colloquy.query.usage;

import java.math.BigDecimal;

/**
 * Sums of the ledger. The cost is exact and travels as a decimal string, so that no JSON client reads it into
 * a float; it covers priced requests only, and {@code unpricedRequests} says how many had no price.
 */
public record UsageFigures(long requests, long promptTokens, long completionTokens, long unpricedRequests,
                           String costUsd) {

    static UsageFigures of(long requests, long promptTokens, long completionTokens, long unpricedRequests,
                           BigDecimal costUsd) {
        return new UsageFigures(requests, promptTokens, completionTokens, unpricedRequests, costUsd.toPlainString());
    }
}
