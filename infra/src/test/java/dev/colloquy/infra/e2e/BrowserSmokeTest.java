package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The browser-test ground the UI stands on: Debian's headless Chromium, driven by Selenium, reaches the running
 * app, runs JavaScript, streams a reply from the API into the page as it arrives, and leaves screenshots.
 */
class BrowserSmokeTest extends EndToEndTest {
    @RegisterExtension
    static final Browser browser = new Browser();

    @BeforeEach
    void pointBrowserAtApp() {
        browser.useApp(port);
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

    /**
     * A page reads the reply stream with fetch (EventSource cannot send the bearer token) and renders each delta as
     * it arrives: the held reply shows its first parts before the model is released, then the whole text.
     */
    @Test
    void aPageRendersAStreamedReplyAsItArrives() {
        String conversation = asAlice.start("scripted", null);
        JsonNode posted = asAlice.post(conversation, "[hold] stream into the page", null);
        browser.open("/actuator/health");

        browser.script("""
                const [url, token] = arguments;
                document.body.innerHTML = '<pre id="reply"></pre><p id="state">streaming</p>';
                const reply = document.getElementById('reply');
                const state = document.getElementById('state');
                (async () => {
                  const response = await fetch(url, {headers: {Authorization: 'Bearer ' + token}});
                  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
                  let buffer = '';
                  for (;;) {
                    const {value, done} = await reader.read();
                    if (done) break;
                    buffer += value;
                    let end;
                    while ((end = buffer.indexOf('\\n\\n')) >= 0) {
                      const frame = buffer.slice(0, end);
                      buffer = buffer.slice(end + 2);
                      const name = (frame.match(/^event:(.*)$/m) || [])[1];
                      const data = JSON.parse(frame.split('\\n').filter(l => l.startsWith('data:'))
                          .map(l => l.slice(5)).join('\\n'));
                      if (name === 'delta') reply.textContent += data.text;
                      else state.textContent = name;
                    }
                  }
                })().catch(e => { state.textContent = 'error ' + e; });
                """, posted.path("streamUrl").asText(), alice);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.driver().findElement(By.id("reply")).getText().contains("part3"));
        assertThat(browser.driver().findElement(By.id("state")).getText()).isEqualTo("streaming");
        browser.screenshot("stream-partial");

        OPENAI.release();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.driver().findElement(By.id("state")).getText().equals("completed"));
        String content = asAlice.awaitEnded(posted.path("replyId").asText()).path("content").asText();
        assertThat(browser.driver().findElement(By.id("reply")).getText()).isEqualTo(content)
                .isEqualTo("part1 part2 part3 released");
        assertThat(browser.consoleErrors()).isEmpty();
        browser.screenshot("stream-completed");
    }
}
