package dev.colloquy.projections.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkerTest {
    private final Chunker chunker = new Chunker();

    @Test
    void aChunkStaysInItsSectionAndCarriesItsHeadingPath() {
        List<Chunker.Chunk> chunks = chunker.split("""
                # Guide

                Intro paragraph.

                ## Install

                Run the installer.

                ## Use

                Open the app.""");

        assertThat(chunks).extracting(Chunker.Chunk::heading).containsExactly("Guide", "Guide > Install", "Guide > Use");
        assertThat(chunks).extracting(Chunker.Chunk::text)
                .containsExactly("Intro paragraph.", "Run the installer.", "Open the app.");
        assertThat(chunks.get(1).embeddingInput()).isEqualTo("Guide > Install\nRun the installer.");
    }

    @Test
    void aSkippedHeadingLevelDoesNotLeaveAGapAndASiblingReplacesItsPredecessor() {
        List<Chunker.Chunk> chunks = chunker.split("# A\n\n### Deep\n\ntext one\n\n# B\n\ntext two");

        assertThat(chunks).extracting(Chunker.Chunk::heading).containsExactly("A > Deep", "B");
    }

    @Test
    void smallParagraphsOfOneSectionShareAChunkAndListItemsAndRowsStayLines() {
        List<Chunker.Chunk> chunks = chunker.split("First.\n\nSecond.\n\n- one\n- two\n\n| a | b |\n| 1 | 2 |");

        assertThat(chunks).hasSize(1);
        assertThat(chunks.getFirst().text()).isEqualTo("First.\n\nSecond.\n- one\n- two\n| a | b |\n| 1 | 2 |");
    }

    @Test
    void noChunkExceedsWhatTheModelReadsAndALongSectionOverlaps() {
        String sentence = "This sentence about the harbour has exactly some words in it. ";
        String outline = "# Harbour\n\n" + sentence.repeat(60);

        List<Chunker.Chunk> chunks = chunker.split(outline);

        assertThat(chunks).hasSizeGreaterThan(3);
        assertThat(chunks).allSatisfy(chunk ->
                assertThat(chunk.embeddingInput().length()).isLessThanOrEqualTo(Chunker.MAX_CHARS));
        String end = chunks.get(0).text().substring(chunks.get(0).text().lastIndexOf("This sentence"));
        assertThat(chunks.get(1).text()).as("the next chunk begins with the end of the last").startsWith(end);
    }

    @Test
    void aWordLongerThanAChunkIsCutAndNothingIsLost() {
        String word = "x".repeat(2000);

        List<Chunker.Chunk> chunks = chunker.split(word);

        assertThat(String.join("", chunks.stream().map(Chunker.Chunk::text).toList())).isEqualTo(word);
    }

    @Test
    void pagesAreCountedAndNeverShareAChunk() {
        List<Chunker.Chunk> chunks = chunker.split("Page one text.\n\f\nPage two text.");

        assertThat(chunks).extracting(Chunker.Chunk::page).containsExactly(1, 2);
    }

    @Test
    void offsetsPointAtTheChunksTextInTheDocument() {
        String outline = "# T\n\nAlpha beta.\n\nGamma delta.\n\n# U\n\nEpsilon.";

        for (Chunker.Chunk chunk : chunker.split(outline)) {
            assertThat(outline.substring(chunk.start(), chunk.end())).contains(chunk.text().lines().findFirst().get());
        }
    }

    @Test
    void theSameTextAlwaysGivesTheSameChunks() {
        String outline = "# A\n\n" + "Words and more words. ".repeat(100);

        assertThat(chunker.split(outline)).isEqualTo(chunker.split(outline));
    }
}
