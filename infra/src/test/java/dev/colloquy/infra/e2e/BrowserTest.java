package dev.colloquy.infra.e2e;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole application driven through Debian's headless Chromium: one browser per test class, pointed at the
 * app, with the console emptied of what earlier tests left there (a cut stream, say, is an error on it).
 */
abstract class BrowserTest extends EndToEndTest {
    @RegisterExtension
    static final Browser browser = new Browser();

    Screens screens;

    @BeforeEach
    void openTheApp() {
        browser.useApp(port);
        screens = new Screens(browser);
        browser.consoleLog();
    }
}
