package dev.colloquy.command.knowledge;

import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads an uploaded file into outline text: Markdown-style headings ({@code #}), paragraphs between blank lines,
 * list items ({@code - }), table rows ({@code | a | b |}) and page breaks (form feeds), which the chunker splits
 * by. The type is decided from the content first and the name second, never from the client's header alone: a
 * PDF starts with {@code %PDF-}, HTML with its tags; other UTF-8 text is Markdown or plain text by its name;
 * anything else (images, archives, office files) is refused with 415.
 */
public final class DocumentReader {
    public static final String PDF = "application/pdf";
    public static final String HTML = "text/html";
    public static final String MARKDOWN = "text/markdown";
    public static final String TEXT = "text/plain";

    /** What was read: the type, a title (the document's own, else the file's name) and the outline text. */
    public record Read(String mediaType, String title, String text, String failure) {
    }

    public Read read(byte[] content, String fileName) {
        String name = fileName == null ? "" : fileName.strip();
        String stem = name.replaceFirst("\\.[A-Za-z0-9]{1,8}$", "");
        if (startsWith(content, "%PDF-")) {
            return PdfText.read(content, stem);
        }
        String text = utf8(content).orElseThrow(() -> new ColloquyException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                "this file is neither text, Markdown, HTML nor PDF", java.util.Map.of("fileName", name)));
        String lower = name.toLowerCase(Locale.ROOT);
        if (looksLikeHtml(text) || lower.endsWith(".html") || lower.endsWith(".htm")) {
            return HtmlText.read(text, stem);
        }
        if (lower.endsWith(".md") || lower.endsWith(".markdown")) {
            return new Read(MARKDOWN, stem, MarkdownText.outline(text), null);
        }
        return new Read(TEXT, stem, OutlineText.clean(text), null);
    }

    /** JSON documents ({@code {title, text}}) are Markdown: plain text reads the same way. */
    public Read readText(String title, String text) {
        return new Read(MARKDOWN, title, MarkdownText.outline(text), null);
    }

    private static boolean startsWith(byte[] content, String magic) {
        byte[] prefix = magic.getBytes(StandardCharsets.US_ASCII);
        if (content.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (content[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean looksLikeHtml(String text) {
        String head = text.stripLeading().toLowerCase(Locale.ROOT);
        head = head.substring(0, Math.min(head.length(), 512));
        return head.startsWith("<!doctype html") || head.startsWith("<html") || head.contains("<body");
    }

    /** Text is valid UTF-8 (a BOM allowed) without NUL bytes, which no text file holds. */
    private static java.util.Optional<String> utf8(byte[] content) {
        for (byte b : content) {
            if (b == 0) {
                return java.util.Optional.empty();
            }
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
            return java.util.Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (CharacterCodingException e) {
            return java.util.Optional.empty();
        }
    }
}
