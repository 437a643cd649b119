package io.authio.tests.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import io.authio.tests.support.Chromium;
import io.authio.tests.support.Users;

/** The Authio console (or account page) in Debian's Chromium: a page object over chromedriver. */
final class ConsoleBrowser implements AutoCloseable {

    static final Path SHOTS = Path.of("target", "screenshots");
    static final String DESKTOP_CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

    final ChromeDriver driver;
    private final String pageUrl;
    final Path downloads;

    /** @param pageUrl e.g. {@code http://localhost:8080/realms/x/authio/console/} */
    ConsoleBrowser(String pageUrl, String windowSize, String language) {
        try {
            this.downloads = Files.createTempDirectory("authio-downloads");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        this.pageUrl = pageUrl;
        // a desktop browser's user agent: the risk engine rightly steps up "HeadlessChrome", and operators' sign-ins are
        // not what these tests are about
        this.driver = Chromium.start(windowSize, language, downloads, "--user-agent=" + DESKTOP_CHROME);
    }

    ConsoleBrowser(String pageUrl) {
        this(pageUrl, "1400,1000", "en-US");
    }

    /** Opens the page and signs in on Keycloak's login form (skipping the passkey offer); waits for the page. */
    ConsoleBrowser signIn(String username, String password, String route) {
        driver.get(pageUrl + (route == null ? "" : route));
        find(By.id("username")).sendKeys(username);
        find(By.id("password")).sendKeys(password);
        find(By.id("kc-login")).click();
        waitFor(() -> {
            if (present(By.id("authio-passkey-later"))) {
                driver.findElement(By.id("authio-passkey-later")).click();
                return null;
            }
            return driver.getCurrentUrl().startsWith(pageUrl) && present(By.cssSelector("[data-testid='sign-out']")) ? true : null;
        }, "the page after sign-in");
        return this;
    }

    ConsoleBrowser signIn(String username, String route) {
        return signIn(username, Users.PASSWORD, route);
    }

    /** Navigates within the signed-in page (hash route) and waits for the page title. */
    void open(String route) {
        driver.get(pageUrl + route);
        waitFor(() -> present(By.id("authio-page-title")) ? true : null, "a page at " + route);
    }

    boolean present(By by) {
        try {
            return driver.findElement(by).isDisplayed();
        } catch (WebDriverException notYet) {
            return false;
        }
    }

    WebElement find(By by) {
        return waitFor(() -> {
            try {
                WebElement e = driver.findElement(by);
                return e.isDisplayed() ? e : null;
            } catch (WebDriverException notYet) {
                return null;
            }
        }, "element " + by + " on " + driver.getCurrentUrl());
    }

    WebElement testid(String id) {
        return find(By.cssSelector("[data-testid='" + id + "']"));
    }

    /** Types into the named field of the open dialog (or the page when no dialog is open). */
    void type(String name, String value) {
        WebElement field = find(By.cssSelector(scope() + "[name='" + name + "']"));
        field.clear();
        field.sendKeys(value);
    }

    /** Picks an option of a select element by its value (as a user would, firing change). */
    void choose(WebElement select, String value) {
        js("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}))", select, value);
    }

    /** The visible texts of a select element's options. */
    List<String> options(WebElement select) {
        return select.findElements(By.tagName("option")).stream().map(WebElement::getText).toList();
    }

    private String scope() {
        return present(By.cssSelector("dialog[open]")) ? "dialog[open] " : "";
    }

    void awaitText(String... texts) {
        waitFor(() -> {
            String body = text();
            for (String t : texts) {
                if (!body.contains(t)) {
                    return null;
                }
            }
            return true;
        }, "texts " + List.of(texts) + " on " + driver.getCurrentUrl());
    }

    String text() {
        try {
            return driver.findElement(By.tagName("body")).getText();
        } catch (WebDriverException notYet) {
            return "";
        }
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Closes the open dialog. */
    void closeDialog() {
        js("document.querySelector('dialog[open]').close()");
        waitFor(() -> present(By.cssSelector("dialog[open]")) ? null : true, "the dialog to close");
    }

    <T> T waitFor(Supplier<T> probe, String what) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            sleep(150);
        }
        shot("timeout-" + System.currentTimeMillis());
        throw new AssertionError("timed out waiting for " + what + "; page text:\n" + text());
    }

    /** A downloaded file whose name ends as given, once complete. */
    Path awaitDownload(String suffix) {
        return waitFor(() -> {
            try (var files = Files.list(downloads)) {
                return files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst().orElse(null);
            } catch (java.io.IOException e) {
                return null;
            }
        }, "a download ending in " + suffix);
    }

    /** Saves a screenshot to target/screenshots (docs/admin-console.md shows them, copied to docs/screenshots). */
    void shot(String name) {
        try {
            Files.createDirectories(SHOTS);
            Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException | WebDriverException e) {
            System.out.println("screenshot " + name + " failed: " + e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
