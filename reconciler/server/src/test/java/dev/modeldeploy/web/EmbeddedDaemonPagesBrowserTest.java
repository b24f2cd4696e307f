package dev.modeldeploy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.daemon.Daemon;
import dev.modeldeploy.daemon.DaemonConfig;
import dev.modeldeploy.daemon.RunOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages of a daemon running on its embedded default (the example repository, the embedded API server, the
 * Knative simulator), as a person sees them in Chromium: every example listed and Ready, and the catalog offering
 * each model's operations. Screenshots land in target/screenshots/.
 */
class EmbeddedDaemonPagesBrowserTest {
    private static final List<String> EXAMPLE_DEPLOYMENTS = List.of("densenet", "resnet-gpu", "wine", "wine-v2");

    @TempDir
    static Path stateDir;
    private static HeadlessChromium chromium;
    private static Daemon daemon;

    @BeforeAll
    static void start() throws Exception {
        chromium = HeadlessChromium.start();
        daemon = Daemon.start(RunOptions.resolve(DaemonConfig.empty(), RunOptions.Flags.none()
                .withStateDir(stateDir).withPort(0).withInterval("1s").withCluster("embedded").withFeedback(false)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void statusPageListsEveryExampleAsReady() throws Exception {
        WebDriver driver = chromium.driver();
        driver.get("http://127.0.0.1:" + daemon.port() + "/");
        // The page refreshes itself: it must reach Ready for every example without a reload.
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> EXAMPLE_DEPLOYMENTS.stream().allMatch(id ->
                badge(d, "deployments", id).equals("Ready")));
        for (String route : List.of("wine-ab", "wine-canary", "wine-rollout", "wine-shadow")) {
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> badge(d, "routes", route).equals("Ready"));
        }
        // the rollout has no Prometheus on the embedded default: it holds its first step and says why
        assertThat(driver.findElement(By.cssSelector("#routes tbody[data-id='wine-rollout'] .targets")).getText())
                .isEqualTo("wine 90%, wine-v2 10%");
        assertThat(driver.findElement(By.cssSelector("#routes tbody[data-id='wine-rollout'] tr.rollout")).getText())
                .startsWith("rollout Progressing, step 1 of 4 — ");
        assertThat(driver.findElement(By.cssSelector("#deployments tbody[data-id='densenet'] .replicas")).getText())
                .isEqualTo("1/1");
        assertThat(driver.findElement(By.id("source-applied")).getText()).matches("[0-9a-f]{7}");
        chromium.screenshot("embedded-status-page");
    }

    @Test
    void catalogOffersTheExampleModelsAndTheirOperations() throws Exception {
        WebDriver driver = chromium.driver();
        driver.get("http://127.0.0.1:" + daemon.port() + "/swagger/index.html");
        chromium.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".topbar select")));
        Select definitions = new Select(driver.findElement(By.cssSelector(".topbar select")));
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> new Select(d.findElement(By.cssSelector(".topbar select")))
                .getOptions().size() >= EXAMPLE_DEPLOYMENTS.size() + 1);
        definitions = new Select(driver.findElement(By.cssSelector(".topbar select")));
        assertThat(definitions.getOptions()).extracting(WebElement::getText)
                .containsAll(EXAMPLE_DEPLOYMENTS).contains("modeldeploy API");

        definitions.selectByVisibleText("wine");
        chromium.waiting().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#swagger-ui"), "/api/model/invoke"));
        driver.findElement(By.cssSelector(".opblock-post .opblock-summary")).click();
        WebElement operation = chromium.waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".opblock-post .opblock-body")));
        chromium.waiting().until(d -> operation.getText().contains("Try it out"));
        assertThat(operation.getText()).contains("fixed acidity");
        chromium.screenshot("embedded-catalog-wine");

        definitions = new Select(driver.findElement(By.cssSelector(".topbar select")));
        definitions.selectByVisibleText("densenet");
        chromium.waiting().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#swagger-ui"), "/infer"));
    }

    private static String badge(WebDriver driver, String table, String id) {
        List<WebElement> badges = driver.findElements(By.cssSelector("#" + table + " tbody[data-id='" + id + "'] .badge"));
        return badges.isEmpty() ? "" : badges.get(0).getText();
    }
}
