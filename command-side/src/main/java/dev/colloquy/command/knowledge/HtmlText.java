package dev.colloquy.command.knowledge;

import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * HTML through jsoup: scripts, styles and navigation (also as ARIA landmarks) dropped; headings, paragraphs, list
 * items, definitions, preformatted blocks and table rows become outline lines, in document order.
 */
final class HtmlText {
    private static final String BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, pre, tr, blockquote, figcaption";

    private HtmlText() {
    }

    static DocumentReader.Read read(String html, String fallbackTitle) {
        Document page = Jsoup.parse(html);
        // ARIA landmarks are how generated sites (Sphinx, for one) mark their navigation, search and footer: left in,
        // they were a sixth of the chunks of Python's documentation, each page's breadcrumbs and sidebar again.
        page.select("script, style, noscript, template, nav, iframe, svg, form, button, [role=navigation], "
                + "[role=search], [role=contentinfo]").remove();
        List<String> lines = new ArrayList<>();
        for (Element block : page.body().select(BLOCKS)) {
            if (block.parents().stream().anyMatch(parent -> parent.is(BLOCKS) && !parent.is("blockquote"))) {
                continue; // its text is in the enclosing block's
            }
            String line = line(block);
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        String text = lines.isEmpty() ? OutlineText.line(page.body().text()) : String.join("\n\n", lines);
        String title = page.title().isBlank() ? fallbackTitle : OutlineText.line(page.title());
        return new DocumentReader.Read(DocumentReader.HTML, title, OutlineText.clean(text), null);
    }

    private static String line(Element block) {
        String tag = block.normalName();
        if (tag.matches("h[1-6]")) {
            return "#".repeat(tag.charAt(1) - '0') + " " + OutlineText.line(block.text());
        }
        return switch (tag) {
            case "li", "dd" -> "- " + OutlineText.line(block.text());
            case "pre" -> OutlineText.clean(block.wholeText());
            case "tr" -> "| " + String.join(" | ", block.select("> th, > td").eachText()) + " |";
            case "blockquote" -> block.select(BLOCKS).isEmpty() ? OutlineText.line(block.text()) : "";
            default -> OutlineText.line(block.text());
        };
    }
}
