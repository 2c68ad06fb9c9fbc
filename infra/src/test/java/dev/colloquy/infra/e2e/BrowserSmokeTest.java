package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The browser-test ground the UI tests stand on: Debian's headless Chromium, driven by Selenium, reaches the
 * running app, runs JavaScript, reports the page's console and leaves screenshots of the fixed window size.
 */
class BrowserSmokeTest extends BrowserTest {
    /**
     * The UI is static files, no build step: its modules and the two WebJars it imports are served as JavaScript,
     * and revalidated on every load, so an upgrade never mixes old and new modules.
     */
    @Test
    void theUiIsServedAsPlainModulesThatBrowsersRevalidate() {
        Api.Response page = api.get("/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().asText()).contains("<script type=\"module\" src=\"/js/app.js\"></script>");
        for (String module : List.of("/js/app.js", "/js/chat.js", "/webjars/marked/lib/marked.esm.js",
                "/webjars/dompurify/dist/purify.es.mjs")) {
            Api.Response served = api.get(module, null);
            assertThat(served.status()).as(module).isEqualTo(200);
            assertThat(served.header("Content-Type")).as(module).startsWith("text/javascript");
            assertThat(served.header("Cache-Control")).as(module).contains("no-cache");
        }
        assertThat(api.get("/js/app.js", null).header("Last-Modified")).isNotBlank();
        assertThat(api.get("/favicon.ico", null).status()).isEqualTo(200);
    }

    @Test
    void theBrowserShowsTheOpenApiDocumentTheApiServes() throws IOException {
        JsonNode served = api.get("/v3/api-docs", null).body();

        browser.open("/v3/api-docs");

        JsonNode shown = Api.JSON.readTree(browser.driver().findElement(By.tagName("pre")).getText());
        assertThat(shown).isEqualTo(served);
        assertThat(shown.path("paths").has("/api/v1/conversations")).isTrue();
        Path screenshot = browser.screenshot("api-docs");
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertThat(image).as("a PNG of the fixed window size").isNotNull();
        assertThat(image.getWidth()).isEqualTo(Browser.WIDTH);
        assertThat(image.getHeight()).isEqualTo(Browser.HEIGHT);
    }

    @Test
    void theBrowserRunsJavaScriptOnTheAppsPagesAndReportsItsConsole() {
        browser.open("/actuator/health");
        assertThat(browser.text()).contains("\"status\":\"UP\"");

        assertThat(browser.script("return 1 + 1")).isEqualTo(2L);
        assertThat(browser.script("return [innerWidth, innerHeight]")).isEqualTo(List.of(1280L, 800L));
        assertThat(browser.script("return location.origin")).isEqualTo("http://127.0.0.1:" + port);
        browser.consoleLog(); // drains what came before
        browser.script("console.error('visible to the test')");
        assertThat(browser.consoleErrors()).anySatisfy(line -> assertThat(line).contains("visible to the test"));
        browser.screenshot("health");
    }
}
