package dev.colloquy.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The walk over stored links, for the cases the end-to-end tamper tests cannot reach cheaply. */
class ChainVerdictTest {

    /** Links 0..count-1, each pointing at the one before, each intact. */
    private static List<ChainVerdict.Link> chain(int count) {
        List<ChainVerdict.Link> links = new ArrayList<>();
        byte[] previous = null;
        for (int i = 0; i < count; i++) {
            byte[] hash = {(byte) i, 42};
            links.add(new ChainVerdict.Link(i, previous, hash, hash));
            previous = hash;
        }
        return links;
    }

    private static ChainVerdict.Head headOf(List<ChainVerdict.Link> links) {
        ChainVerdict.Link last = links.getLast();
        return new ChainVerdict.Head(last.sequence(), last.hash());
    }

    @Test
    void anIntactChainWhoseHeadIsItsNewestEventIsValid() {
        List<ChainVerdict.Link> links = chain(4);

        assertThat(ChainVerdict.of(links, headOf(links))).isEqualTo(new ChainVerdict(true, 4, null, null));
    }

    @Test
    void eventsWithoutAnyChainHeadAreUnanchoredAfterTheNewest() {
        assertThat(ChainVerdict.of(chain(3), null)).isEqualTo(new ChainVerdict(false, 3, 3L, "head"));
        assertThat(ChainVerdict.of(List.of(), null)).isEqualTo(new ChainVerdict(true, 0, null, null));
    }

    @Test
    void aHeadAheadOfTheStoredEventsNamesTheFirstMissingOne() {
        List<ChainVerdict.Link> links = chain(3);

        assertThat(ChainVerdict.of(links, new ChainVerdict.Head(6, new byte[] {9})))
                .isEqualTo(new ChainVerdict(false, 3, 3L, "missing"));
        assertThat(ChainVerdict.of(List.of(), new ChainVerdict.Head(0, new byte[] {9})))
                .isEqualTo(new ChainVerdict(false, 0, 0L, "missing"));
    }

    @Test
    void aHeadThatDisagreesWithTheNewestEventNamesTheFirstEventItDoesNotVouchFor() {
        List<ChainVerdict.Link> links = chain(4);

        assertThat(ChainVerdict.of(links, new ChainVerdict.Head(3, new byte[] {9})))
                .as("the newest event was replaced").isEqualTo(new ChainVerdict(false, 4, 3L, "head"));
        assertThat(ChainVerdict.of(links, new ChainVerdict.Head(1, links.get(1).hash())))
                .as("events were added behind the trigger's back").isEqualTo(new ChainVerdict(false, 4, 2L, "head"));
    }

    @Test
    void theFirstBreakWinsWhateverFollows() {
        List<ChainVerdict.Link> links = chain(5);
        ChainVerdict.Link altered = links.get(1);
        links.set(1, new ChainVerdict.Link(1, altered.prevHash(), altered.hash(), new byte[] {7}));
        links.remove(3);

        assertThat(ChainVerdict.of(links, headOf(links))).isEqualTo(new ChainVerdict(false, 4, 1L, "altered"));
    }
}
