package dev.colloquy.command.knowledge;

import java.util.ArrayList;
import java.util.List;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

/** Markdown through commonmark: its block structure kept as outline lines, inline markup reduced to its text. */
final class MarkdownText {
    private static final Parser PARSER = Parser.builder().build();

    private MarkdownText() {
    }

    static String outline(String markdown) {
        List<String> blocks = new ArrayList<>();
        // Form feeds (pages) are kept: commonmark would take them for blanks.
        for (String page : OutlineText.clean(markdown).split("\f", -1)) {
            if (!blocks.isEmpty()) {
                blocks.add("\f");
            }
            for (Node node = PARSER.parse(page).getFirstChild(); node != null; node = node.getNext()) {
                add(node, blocks, 0);
            }
        }
        return String.join("\n\n", blocks).replace("\n\n\f\n\n", "\n\f\n").strip();
    }

    private static void add(Node node, List<String> blocks, int depth) {
        switch (node) {
            case Heading heading -> put(blocks, "#".repeat(heading.getLevel()) + " " + inline(heading));
            case Paragraph paragraph -> put(blocks, inline(paragraph));
            case ListBlock list -> {
                for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
                    add(item, blocks, depth);
                }
            }
            case ListItem item -> {
                StringBuilder text = new StringBuilder();
                for (Node child = item.getFirstChild(); child != null; child = child.getNext()) {
                    if (child instanceof ListBlock nested) {
                        put(blocks, "  ".repeat(depth) + "- " + text.toString().strip());
                        text.setLength(0);
                        add(nested, blocks, depth + 1);
                    } else {
                        text.append(inline(child)).append(' ');
                    }
                }
                if (!text.isEmpty()) {
                    put(blocks, "  ".repeat(depth) + "- " + text.toString().strip());
                }
            }
            case FencedCodeBlock code -> put(blocks, code.getLiteral().strip());
            case IndentedCodeBlock code -> put(blocks, code.getLiteral().strip());
            case BlockQuote quote -> {
                for (Node child = quote.getFirstChild(); child != null; child = child.getNext()) {
                    add(child, blocks, depth);
                }
            }
            case HtmlBlock html -> put(blocks, OutlineText.line(org.jsoup.Jsoup.parse(html.getLiteral()).text()));
            default -> {
                put(blocks, inline(node));
            }
        }
    }

    private static void put(List<String> blocks, String block) {
        if (!block.isBlank() && !block.strip().equals("-")) {
            blocks.add(block);
        }
    }

    /** The words a reader sees: text and code spans; a link is its text, not its address. */
    private static String inline(Node node) {
        StringBuilder text = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text literal) {
                text.append(literal.getLiteral());
            }

            @Override
            public void visit(Code code) {
                text.append(code.getLiteral());
            }

            @Override
            public void visit(SoftLineBreak lineBreak) {
                text.append(' ');
            }

            @Override
            public void visit(HardLineBreak lineBreak) {
                text.append(' ');
            }
        });
        return OutlineText.line(text.toString());
    }
}
