package dev.colloquy.projections.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits outline text by its structure first (headings, paragraphs, list items, table rows, pages) and by size
 * second. A chunk stays inside one section, carries its heading path, and never exceeds what the embedding
 * model reads: all-MiniLM-L6-v2 stops at 256 word pieces, about 800 characters of prose, so heading and text
 * together stay under {@link #MAX_CHARS}. A section split by size repeats the end of the previous chunk
 * (at most {@link #OVERLAP_CHARS}) at the start of the next. The same text always gives the same chunks.
 */
public final class Chunker {
    static final int MAX_CHARS = 800;
    static final int MAX_HEADING_CHARS = 120;
    static final int OVERLAP_CHARS = 150;
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*)$");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?;:])\\s+");

    public record Chunk(int ord, String heading, String text, int start, int end, int page) {
        /** What the embedding model reads: the heading path, then the text. */
        public String embeddingInput() {
            return heading.isEmpty() ? text : heading + "\n" + text;
        }
    }

    private record Block(String text, int start, int end, int page, String heading) {
    }

    public List<Chunk> split(String outline) {
        List<Block> blocks = blocks(outline);
        List<Chunk> chunks = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        Block first = null;
        int end = 0;
        for (Block block : blocks) {
            int room = MAX_CHARS - headingOf(block).length() - 1;
            boolean sameSection = first != null && first.heading().equals(block.heading()) && first.page() == block.page();
            if (first != null && (!sameSection || text.length() + 2 + block.text().length() > room)) {
                chunks.add(new Chunk(chunks.size(), headingOf(first), text.toString(), first.start(), end,
                        first.page()));
                String carried = sameSection ? overlap(text.toString(), room - block.text().length() - 2) : "";
                text.setLength(0);
                text.append(carried);
                first = null;
            }
            for (String piece : pieces(block.text(), room)) {
                if (first != null && text.length() + 2 + piece.length() > room) {
                    chunks.add(new Chunk(chunks.size(), headingOf(first), text.toString(), first.start(), end,
                            first.page()));
                    String carried = overlap(text.toString(), room - piece.length() - 1);
                    text.setLength(0);
                    text.append(carried);
                    first = null;
                }
                if (first == null) {
                    first = block;
                }
                if (!text.isEmpty()) {
                    text.append(piece.startsWith("- ") || piece.startsWith("|") ? "\n" : "\n\n");
                }
                text.append(piece);
                end = block.end();
            }
        }
        if (first != null) {
            chunks.add(new Chunk(chunks.size(), headingOf(first), text.toString(), first.start(), end, first.page()));
        }
        return chunks;
    }

    private static String headingOf(Block block) {
        String heading = block.heading();
        return heading.length() > MAX_HEADING_CHARS ? heading.substring(0, MAX_HEADING_CHARS) : heading;
    }

    /** The last whole sentences of a chunk, as many as fit in {@code room} and {@link #OVERLAP_CHARS}. */
    private static String overlap(String previous, int room) {
        int limit = Math.min(OVERLAP_CHARS, room);
        if (limit <= 0) {
            return "";
        }
        String[] sentences = SENTENCE_END.split(previous);
        StringBuilder tail = new StringBuilder();
        for (int i = sentences.length - 1; i >= 0; i--) {
            String candidate = sentences[i] + (tail.isEmpty() ? "" : " " + tail);
            if (candidate.length() > limit) {
                break;
            }
            tail.setLength(0);
            tail.append(candidate);
        }
        return tail.toString();
    }

    /** A block longer than {@code room}: by sentences, and a sentence longer still by words (or characters). */
    private static List<String> pieces(String text, int room) {
        if (text.length() <= room) {
            return List.of(text);
        }
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        for (String sentence : SENTENCE_END.split(text)) {
            for (String part : bySize(sentence, room)) {
                if (!piece.isEmpty() && piece.length() + 1 + part.length() > room) {
                    pieces.add(piece.toString());
                    piece.setLength(0);
                }
                piece.append(piece.isEmpty() ? "" : " ").append(part);
            }
        }
        if (!piece.isEmpty()) {
            pieces.add(piece.toString());
        }
        return pieces;
    }

    private static List<String> bySize(String sentence, int room) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (String word : sentence.split(" ")) {
            while (word.length() > room) {
                if (!part.isEmpty()) {
                    parts.add(part.toString());
                    part.setLength(0);
                }
                parts.add(word.substring(0, room));
                word = word.substring(room);
            }
            if (!part.isEmpty() && part.length() + 1 + word.length() > room) {
                parts.add(part.toString());
                part.setLength(0);
            }
            part.append(part.isEmpty() ? "" : " ").append(word);
        }
        if (!part.isEmpty()) {
            parts.add(part.toString());
        }
        return parts;
    }

    /** The outline's blocks with their offsets, pages and heading paths (headings themselves are not blocks). */
    private static List<Block> blocks(String outline) {
        List<Block> blocks = new ArrayList<>();
        String[] levels = new String[6];
        String path = "";
        int page = 1;
        int paragraphStart = -1;
        StringBuilder paragraph = new StringBuilder();
        int position = 0;
        for (String line : outline.split("\n", -1)) {
            int lineStart = position;
            position += line.length() + 1;
            boolean pageBreak = line.indexOf('\f') >= 0;
            String trimmed = line.replace('\f', ' ').strip();
            Matcher heading = HEADING.matcher(trimmed);
            boolean ownBlock = trimmed.startsWith("- ") || trimmed.startsWith("* ") || trimmed.startsWith("|")
                    || trimmed.matches("\\d{1,3}[.)]\\s.*");
            if (trimmed.isEmpty() || pageBreak || heading.matches() || ownBlock) {
                if (!paragraph.isEmpty()) {
                    blocks.add(new Block(paragraph.toString(), paragraphStart, lineStart - 1, page, path));
                    paragraph.setLength(0);
                }
            }
            if (pageBreak) {
                page++;
                continue;
            }
            if (heading.matches()) {
                int level = heading.group(1).length();
                levels[level - 1] = heading.group(2).strip();
                java.util.Arrays.fill(levels, level, levels.length, null);
                path = String.join(" > ", java.util.Arrays.stream(levels).filter(h -> h != null && !h.isEmpty())
                        .toList());
            } else if (ownBlock) {
                blocks.add(new Block(trimmed, lineStart, lineStart + line.length(), page, path));
            } else if (!trimmed.isEmpty()) {
                if (paragraph.isEmpty()) {
                    paragraphStart = lineStart;
                } else {
                    paragraph.append(' ');
                }
                paragraph.append(trimmed);
            }
        }
        if (!paragraph.isEmpty()) {
            blocks.add(new Block(paragraph.toString(), paragraphStart, outline.length(), page, path));
        }
        return blocks;
    }
}
