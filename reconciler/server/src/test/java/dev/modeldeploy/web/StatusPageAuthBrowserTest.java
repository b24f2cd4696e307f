package dev.modeldeploy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.api.ApiTestServer;
import dev.modeldeploy.api.Fixtures;
import dev.modeldeploy.auth.AuthSettings;
import dev.modeldeploy.auth.JwksServer;
import dev.modeldeploy.auth.RequestAuthenticator;
import dev.modeldeploy.auth.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** With JWTs required, the status page asks for a token and shows nothing until it has a good one. */
class StatusPageAuthBrowserTest {

    private static final TestTokens IDP = new TestTokens("key-1");
    private static HeadlessChromium chromium;
    private static JwksServer jwks;
    private static ApiTestServer server;

    @BeforeAll
    static void start() throws Exception {
        chromium = HeadlessChromium.start();
        jwks = new JwksServer(IDP.jwksJson());
        server = new ApiTestServer(Fixtures.state("http://models.example.com/model/wine"), RequestAuthenticator.from(
                AuthSettings.withJwksUrl(jwks.url(), TestTokens.ISSUER, TestTokens.AUDIENCE)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (jwks != null) {
            jwks.close();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void asksForATokenThenShowsTheDeployments() throws Exception {
        WebDriver driver = chromium.driver();
        driver.get(server.url() + "/");
        chromium.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
        assertThat(driver.findElement(By.id("login-reason")).getText()).contains("no bearer token");
        assertThat(driver.findElements(By.cssSelector("#deployments tbody"))).isEmpty();
        chromium.screenshot("status-page-login");

        driver.findElement(By.id("token-input")).sendKeys(IDP.sign(IDP.claims("unrelated-role").build()));
        driver.findElement(By.cssSelector("#login-form button")).click();
        chromium.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-reason"), "modeldeploy-viewer"));

        driver.findElement(By.id("token-input")).sendKeys(IDP.viewer());
        driver.findElement(By.cssSelector("#login-form button")).click();
        chromium.waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "true"));
        assertThat(driver.findElement(By.id("login")).isDisplayed()).isFalse();
        assertThat(driver.findElements(By.cssSelector("#deployments tbody"))).hasSize(4);
        assertThat(driver.findElement(By.id("token-state")).getText()).contains("Using a bearer token");
    }
}
