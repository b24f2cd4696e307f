package dev.modeldeploy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.api.ApiState;
import dev.modeldeploy.api.ApiTestServer;
import dev.modeldeploy.api.Fixtures;
import dev.modeldeploy.auth.AuthSettings;
import dev.modeldeploy.auth.RequestAuthenticator;
import dev.modeldeploy.health.State;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** What a person sees on the status page, and that it follows the daemon's state without a reload. */
class StatusPageBrowserTest {

    private static HeadlessChromium chromium;
    private static ApiTestServer server;

    @BeforeAll
    static void start() throws Exception {
        chromium = HeadlessChromium.start();
        server = new ApiTestServer(Fixtures.state("http://models.example.com/model/wine"),
                RequestAuthenticator.from(AuthSettings.disabled()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    private static String stateOf(WebDriver driver, String table, String id) {
        return driver.findElement(By.cssSelector("#" + table + " tbody[data-id='" + id + "'] .badge")).getText();
    }

    @Test
    void showsDeploymentsRoutesStatesAndFailures() throws Exception {
        WebDriver driver = chromium.driver();
        driver.get(server.url() + "/");
        chromium.waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "true"));

        List<WebElement> rows = driver.findElements(By.cssSelector("#deployments tbody"));
        assertThat(rows).extracting(r -> r.getAttribute("data-id")).containsExactly("broken", "iris", "wine", "wine-b");
        assertThat(stateOf(driver, "deployments", "wine")).isEqualTo("Ready");
        assertThat(stateOf(driver, "deployments", "wine-b")).isEqualTo("Processing");
        assertThat(stateOf(driver, "deployments", "iris")).isEqualTo("Failed");
        assertThat(driver.findElement(By.cssSelector("#deployments tbody[data-id='iris'] .failure-message")).getText())
                .contains("ImagePullBackOff");
        assertThat(driver.findElement(By.cssSelector("#deployments tbody[data-id='broken'] .failure-message")).getText())
                .contains("deployments/broken.yaml:7:16").contains("must be at least 0");
        assertThat(driver.findElement(By.cssSelector("#deployments tbody[data-id='wine'] .replicas")).getText()).isEqualTo("1/1");
        assertThat(driver.findElement(By.cssSelector("#deployments tbody[data-id='wine'] .url")).getText())
                .isEqualTo("http://models.example.com/model/wine");
        assertThat(stateOf(driver, "routes", "wine-route")).isEqualTo("Ready");
        assertThat(driver.findElement(By.cssSelector("#routes tbody[data-id='wine-route'] .targets")).getText())
                .isEqualTo("wine 80%, wine-b 20%");
        assertThat(driver.findElement(By.id("source-applied")).getText()).isEqualTo("1111111");
        assertThat(driver.findElement(By.id("findings")).getText()).contains("deployments/broken.yaml:7:16");

        By summary = By.cssSelector("#deployments tbody[data-id='wine'] details summary");
        chromium.waiting().ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(summary).getText().contains("2 objects"));
        driver.findElement(summary).click();
        chromium.waiting().ignoring(StaleElementReferenceException.class).until(d -> d.findElement(
                By.cssSelector("#deployments tbody[data-id='wine'] details[open] ul")).getText().contains("CREATED Service/wine"));
        chromium.screenshot("status-page");
    }

    @Test
    void followsStateChangesWithoutReloading() throws Exception {
        WebDriver driver = chromium.driver();
        driver.get(server.url() + "/");
        chromium.waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "true"));
        WebElement route = driver.findElement(By.cssSelector("#routes tbody[data-id='wine-route']"));
        assertThat(stateOf(driver, "deployments", "wine-b")).isEqualTo("Processing");

        server.update(state -> new ApiState(state.source(), state.deployments().stream()
                .map(d -> d.id().equals("wine-b") ? Fixtures.withStatus(d, Fixtures.status("wine-b", State.Ready, null,
                        "http://models.example.com/model/wine-b", 1, 1, Fixtures.COMMIT)) : d)
                .toList(), state.routes(), state.openApiByDeployment(), state.failedManifests(), state.updated()));

        chromium.waiting().until(d -> stateOf(d, "deployments", "wine-b").equals("Ready"));
        assertThat(route.isDisplayed()).as("unchanged rows stay the same elements").isTrue();
        assertThat(driver.findElement(By.cssSelector("#deployments tbody[data-id='wine-b'] .replicas")).getText()).isEqualTo("1/1");
        restore();
    }

    private static void restore() {
        server.update(state -> Fixtures.state("http://models.example.com/model/wine"));
    }
}
