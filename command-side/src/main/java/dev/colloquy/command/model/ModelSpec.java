package dev.colloquy.command.model;

import java.math.BigDecimal;

/**
 * One entry of the model catalogue. Prices are USD per million tokens; {@code outputReserve} is kept free
 * in the context window for the reply.
 */
public record ModelSpec(String id, String provider, String upstreamName, int contextWindow, int outputReserve,
                        BigDecimal inputPricePerMillion, BigDecimal outputPricePerMillion) {
    public ModelSpec {
        if (contextWindow <= outputReserve) {
            throw new IllegalArgumentException("model " + id + ": context window must exceed the output reserve");
        }
        if (inputPricePerMillion == null || outputPricePerMillion == null) {
            throw new IllegalArgumentException("model " + id + ": both prices must be configured");
        }
    }
}
