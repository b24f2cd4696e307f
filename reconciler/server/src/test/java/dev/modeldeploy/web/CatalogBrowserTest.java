package dev.modeldeploy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.api.ApiTestServer;
import dev.modeldeploy.api.Fixtures;
import dev.modeldeploy.auth.AuthSettings;
import dev.modeldeploy.auth.RequestAuthenticator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** The service catalog as a person uses it: pick a model, see its operations, open one. */
class CatalogBrowserTest {

    private static final String MODEL_URL = "http://models.example.com/model/wine";
    private static HeadlessChromium chromium;
    private static ApiTestServer server;

    @BeforeAll
    static void start() throws Exception {
        chromium = HeadlessChromium.start();
        server = new ApiTestServer(Fixtures.state(MODEL_URL), RequestAuthenticator.from(AuthSettings.disabled()));
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

    @Test
    void listsModelsAndShowsTheirOperations() throws Exception {
        WebDriver driver = chromium.driver();
        driver.get(server.url() + "/swagger/index.html");

        chromium.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".topbar select")));
        Select definitions = new Select(driver.findElement(By.cssSelector(".topbar select")));
        assertThat(definitions.getOptions()).extracting(WebElement::getText).containsExactly("wine", "modeldeploy API");
        assertThat(definitions.getFirstSelectedOption().getText()).isEqualTo("wine");

        chromium.waiting().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#swagger-ui"), "/api/model/invoke"));
        List<String> paths = driver.findElements(By.cssSelector(".opblock-summary-path"))
                .stream().map(WebElement::getText).toList();
        assertThat(paths).contains("/api/model/info", "/api/model/invoke");
        assertThat(driver.findElement(By.cssSelector(".servers select")).getText()).contains(MODEL_URL);

        driver.findElement(By.cssSelector(".opblock-post .opblock-summary")).click();
        WebElement operation = chromium.waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".opblock-post .opblock-body")));
        chromium.waiting().until(d -> operation.getText().contains("Try it out"));
        assertThat(operation.getText()).contains("prediction").contains("quality");
        chromium.screenshot("catalog-model");

        definitions.selectByVisibleText("modeldeploy API");
        chromium.waiting().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#swagger-ui"), "/api/v1/model/deployment/{id}"));
        chromium.screenshot("catalog-api");
    }
}
