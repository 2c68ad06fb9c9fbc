package dev.colloquy.command.knowledge;

import java.io.IOException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * A PDF through PDFBox, page by page (pages end with a form feed) and paragraph by paragraph. One that cannot be
 * read (encrypted, broken, only scanned images) is kept as a failed document with a reason a person can act on.
 */
final class PdfText {
    private PdfText() {
    }

    static DocumentReader.Read read(byte[] content, String fallbackTitle) {
        try (PDDocument pdf = Loader.loadPDF(content)) {
            if (pdf.isEncrypted()) {
                return failed(fallbackTitle, "the PDF is encrypted; upload it without a password");
            }
            String title = pdf.getDocumentInformation().getTitle();
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            stripper.setParagraphEnd("\n\n");
            StringBuilder text = new StringBuilder();
            for (int page = 1; page <= pdf.getNumberOfPages(); page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                if (page > 1) {
                    text.append("\n\f\n");
                }
                text.append(OutlineText.clean(stripper.getText(pdf)));
            }
            String outline = OutlineText.clean(text.toString());
            String named = title == null || title.isBlank() ? fallbackTitle : OutlineText.line(title);
            if (outline.replace("\f", "").isBlank()) {
                return failed(named, "the PDF has no text layer (scanned pages are not read)");
            }
            return new DocumentReader.Read(DocumentReader.PDF, named, outline, null);
        } catch (InvalidPasswordException e) {
            return failed(fallbackTitle, "the PDF is encrypted; upload it without a password");
        } catch (IOException | RuntimeException e) {
            return failed(fallbackTitle, "the PDF cannot be read: it is damaged or incomplete");
        }
    }

    private static DocumentReader.Read failed(String title, String reason) {
        return new DocumentReader.Read(DocumentReader.PDF, title, "", reason);
    }
}
