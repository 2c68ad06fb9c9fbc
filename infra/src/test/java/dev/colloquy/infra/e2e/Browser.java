package dev.colloquy.infra.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One headless Chromium per test class, driven by Selenium through Debian's chromedriver — never one that Selenium
 * Manager would download (the machine has no internet). Register it in a test class with
 * {@code @RegisterExtension static final Browser browser = new Browser();}, point it at the app's port in a
 * {@code @BeforeEach} ({@link #useApp(int)}) and {@link #open(String)} paths. A failing test leaves a screenshot
 * {@code target/screenshots/<Class>.<method>-failed.png} and the page's console in the test output.
 *
 * <p>Without chromium or chromedriver every test of the class fails with the command that installs them; it never
 * skips.
 */
final class Browser implements BeforeAllCallback, AfterAllCallback, TestWatcher {
    private static final Logger log = LoggerFactory.getLogger(Browser.class);
    /** The viewport (the page's innerWidth x innerHeight), which is also the size of every screenshot. */
    static final int WIDTH = 1280;
    static final int HEIGHT = 800;
    static final Path SCREENSHOTS = Path.of(System.getProperty("basedir", "."), "target", "screenshots");
    /** Where the browser saves downloads (the billing export), without asking. */
    static final Path DOWNLOADS = Path.of(System.getProperty("basedir", "."), "target", "downloads")
            .toAbsolutePath();
    /**
     * Selenium warns at every start that it has no CDP (DevTools) classes for this Chromium: the tests speak only
     * WebDriver, so there is nothing to match. Held here because java.util.logging keeps loggers weakly.
     */
    private static final java.util.logging.Logger CDP_VERSION_FINDER =
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_FINDER.setLevel(Level.OFF);
    }

    private ChromeDriver driver;
    private String base;

    @Override
    public void beforeAll(ExtensionContext context) {
        Path chromium = binary("COLLOQUY_CHROMIUM", "/usr/bin/chromium", "chromium");
        Path chromedriver = binary("COLLOQUY_CHROMEDRIVER", "/usr/bin/chromedriver", "chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless=new",
                // Chromium's sandbox refuses to run as root, which the tests are on the CI machine.
                "--no-sandbox",
                // /dev/shm is often tiny in containers; a full one crashes the renderer ("session deleted").
                "--disable-dev-shm-usage",
                "--window-size=" + WIDTH + "," + HEIGHT,
                "--force-device-scale-factor=1",
                "--lang=en-US",
                // No first-run UI, no background traffic to Google: nothing but the app on the page and network.
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps");
        // The page's console.log/error, readable with consoleLog().
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        options.setExperimentalOption("prefs", Map.of("download.default_directory", DOWNLOADS.toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withLogFile(logFile(context))
                .build();
        long start = System.nanoTime();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
        fitViewport();
        log.info("headless {} {} started in {} ms", driver.getCapabilities().getBrowserName(),
                driver.getCapabilities().getBrowserVersion(), (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (driver != null) {
            long start = System.nanoTime();
            driver.quit();
            driver = null;
            log.info("browser quit in {} ms", (System.nanoTime() - start) / 1_000_000);
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (driver == null) {
            return;
        }
        String name = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
        try {
            Path file = screenshot(name + "-failed");
            log.error("{} failed on {}; screenshot {}; page console:\n{}", name, driver.getCurrentUrl(), file,
                    String.join("\n", consoleLog()));
        } catch (RuntimeException e) {
            // The browser may be what failed; the test's own failure is the one worth reporting.
            cause.addSuppressed(e);
        }
    }

    /**
     * --window-size sizes the whole window, and headless Chromium still subtracts room for its (invisible) toolbars
     * from the page, so the window is grown by the difference until the page itself is WIDTH x HEIGHT.
     */
    private void fitViewport() {
        @SuppressWarnings("unchecked")
        List<Long> inner = (List<Long>) script("return [window.innerWidth, window.innerHeight]");
        Dimension window = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(window.getWidth() + WIDTH - inner.get(0).intValue(),
                window.getHeight() + HEIGHT - inner.get(1).intValue()));
    }

    /** Where {@link #open(String)} goes: the app started by the test on {@code port}. */
    void useApp(int port) {
        base = "http://127.0.0.1:" + port;
    }

    void open(String path) {
        if (base == null) {
            throw new IllegalStateException("call useApp(port) first, e.g. in a @BeforeEach");
        }
        driver.get(base + path);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** The visible text of the page. */
    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Runs a script in the page and answers its result (numbers come back as Long or Double). */
    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * Runs an asynchronous script: it receives {@code arguments[arguments.length - 1]} as a callback and must call
     * it with its result within the script timeout (30s).
     */
    Object asyncScript(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /** Saves the current viewport as {@code target/screenshots/<name>.png} and answers the file. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page's console messages since the last call ("LEVEL message"). */
    List<String> consoleLog() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(Browser::line).toList();
    }

    /** The page's console errors (and uncaught exceptions) since the last call. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(Browser::line).toList();
    }

    private static String line(LogEntry entry) {
        return entry.getLevel() + " " + entry.getMessage();
    }

    private static Path binary(String variable, String fallback, String debianPackage) {
        String configured = System.getenv(variable);
        Path path = Path.of(configured == null || configured.isBlank() ? fallback : configured);
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(path + " (" + variable + ") is not installed: the browser tests need "
                    + "Debian's chromium and chromium-driver. Run `make browser` (infra/scripts/ensure-chromium.sh, "
                    + "which `make test` runs first) or `apt-get install chromium chromium-driver` as root; "
                    + "missing package: " + debianPackage);
        }
        return path;
    }

    private static File logFile(ExtensionContext context) {
        Path dir = Path.of(System.getProperty("basedir", "."), "target", "browser-logs");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.resolve(context.getRequiredTestClass().getSimpleName() + "-chromedriver.log").toFile();
    }
}
