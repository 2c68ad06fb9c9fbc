package dev.colloquy.query.usage;

import java.math.BigDecimal;

/**
 * Sums of the ledger. The cost is exact and travels as a decimal string, so that no JSON client reads it into
 * a float; it covers priced requests only, and {@code unpricedRequests} says how many had no price. Of the
 * tokens, {@code estimatedTokens} (over {@code estimatedRequests}) were counted by Colloquy's tokenizer because
 * the upstream reported none; the rest are the upstream's own counts.
 */
public record UsageFigures(long requests, long promptTokens, long completionTokens, long unpricedRequests,
                           String costUsd, long estimatedRequests, long estimatedTokens) {

    static UsageFigures of(long requests, long promptTokens, long completionTokens, long unpricedRequests,
                           BigDecimal costUsd, long estimatedRequests, long estimatedTokens) {
        return new UsageFigures(requests, promptTokens, completionTokens, unpricedRequests, costUsd.toPlainString(),
                estimatedRequests, estimatedTokens);
    }
}
