package dev.colloquy.command.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.colloquy.kernel.error.ColloquyException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DocumentReaderTest {
    private final DocumentReader reader = new DocumentReader();

    private DocumentReader.Read read(String content, String name) {
        return reader.read(content.getBytes(StandardCharsets.UTF_8), name);
    }

    @Test
    void markdownKeepsItsStructureAndLosesItsMarkup() {
        DocumentReader.Read read = read("# Title\n\nSome *emphasis* and a [link](http://x).\n\n- one\n- two\n   - nested\n",
                "notes.md");

        assertThat(read.mediaType()).isEqualTo(DocumentReader.MARKDOWN);
        assertThat(read.title()).isEqualTo("notes");
        assertThat(read.text()).isEqualTo("# Title\n\nSome emphasis and a link.\n\n- one\n\n- two\n\n  - nested");
    }

    @Test
    void htmlGivesHeadingsParagraphsItemsAndRowsWithoutScriptsOrNavigation() {
        DocumentReader.Read read = read("""
                <html><head><title>Page</title><style>p{}</style></head><body>
                <nav><a href="/">Home</a></nav><h2>Section</h2><p>Para <b>bold</b>.</p>
                <ul><li>item <p>inner</p></li></ul><table><tr><th>k</th><td>v</td></tr></table>
                <script>alert(1)</script></body></html>""", "x.bin");

        assertThat(read.mediaType()).isEqualTo(DocumentReader.HTML);
        assertThat(read.title()).isEqualTo("Page");
        assertThat(read.text()).isEqualTo("## Section\n\nPara bold.\n\n- item inner\n\n| k | v |");
    }

    @Test
    void navigationLandmarksGoLikeNavElements() {
        // What Sphinx writes around every page of Python's documentation: breadcrumbs, a sidebar with the page's
        // table of contents and its neighbours, a search box.
        DocumentReader.Read read = read("""
                <html><body><div class="related" role="navigation"><h3>Navigation</h3><ul><li>index</li></ul></div>
                <div class="body" role="main"><h1>functools</h1><p>Higher-order functions.</p></div>
                <div class="sphinxsidebar" role="navigation"><h3>Previous topic</h3><p>itertools</p></div>
                <div role="search"><h3>Quick search</h3></div><div role="contentinfo">Copyright</div>
                </body></html>""", "functools.html");

        assertThat(read.text()).isEqualTo("# functools\n\nHigher-order functions.");
    }

    @Test
    void plainTextLosesControlCharactersAndCarriageReturns() {
        DocumentReader.Read read = read("line one\r\nline\u0007 two\r\n\r\n\r\n\r\nafter", "a.txt");

        assertThat(read.mediaType()).isEqualTo(DocumentReader.TEXT);
        assertThat(read.text()).isEqualTo("line one\nline two\n\nafter");
    }

    @Test
    void theContentDecidesNotTheName() {
        assertThat(read("<!DOCTYPE html><html><body><p>hi</p></body></html>", "report.pdf").mediaType())
                .isEqualTo(DocumentReader.HTML);
        assertThat(reader.read("%PDF-1.4 broken".getBytes(StandardCharsets.US_ASCII), "notes.txt").failure())
                .contains("cannot be read");
    }

    @Test
    void binaryContentIsRefusedWith415() {
        byte[] zip = {'P', 'K', 3, 4, 0, 0, 0, 0};

        assertThatThrownBy(() -> reader.read(zip, "slides.pptx")).isInstanceOf(ColloquyException.class)
                .extracting(e -> ((ColloquyException) e).code().httpStatus()).isEqualTo(415);
        assertThatThrownBy(() -> reader.read(new byte[] {(byte) 0xC3, (byte) 0x28}, "bad.txt"))
                .isInstanceOf(ColloquyException.class);
    }
}
