package dev.colloquy.command.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * One entry of the model catalogue. Prices are USD per million tokens; {@code outputReserve} is kept free
 * in the context window for the reply and is the most a reply may generate. The base prices hold from the
 * start; each {@code priceChanges} entry holds from its {@code effectiveFrom} on, so a change is never applied
 * to usage before it.
 */
public record ModelSpec(String id, String provider, String upstreamName, int contextWindow, int outputReserve,
                        BigDecimal inputPricePerMillion, BigDecimal outputPricePerMillion,
                        List<PriceChange> priceChanges) {
    public ModelSpec {
        if (contextWindow <= outputReserve) {
            throw new IllegalArgumentException("model " + id + ": context window must exceed the output reserve");
        }
        if (inputPricePerMillion == null || outputPricePerMillion == null) {
            throw new IllegalArgumentException("model " + id + ": both prices must be configured");
        }
        priceChanges = priceChanges == null ? List.of()
                : priceChanges.stream().sorted(Comparator.comparing(PriceChange::effectiveFrom)).toList();
        for (PriceChange change : priceChanges) {
            if (change.effectiveFrom() == null || change.inputPricePerMillion() == null
                    || change.outputPricePerMillion() == null) {
                throw new IllegalArgumentException("model " + id
                        + ": a price change needs effective-from and both prices");
            }
        }
    }

    /** The price in force at {@code at}: the latest change effective by then, else the base price. */
    public Price priceAt(Instant at) {
        Price price = new Price(Instant.EPOCH, inputPricePerMillion, outputPricePerMillion);
        for (PriceChange change : priceChanges) {
            if (change.effectiveFrom().isAfter(at)) {
                break;
            }
            price = new Price(change.effectiveFrom(), change.inputPricePerMillion(), change.outputPricePerMillion());
        }
        return price;
    }

    public record PriceChange(Instant effectiveFrom, BigDecimal inputPricePerMillion,
                              BigDecimal outputPricePerMillion) {
    }

    public record Price(Instant effectiveFrom, BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
    }
}
