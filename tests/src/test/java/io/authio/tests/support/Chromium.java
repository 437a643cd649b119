package io.authio.tests.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's Chromium driven through its chromedriver, for the real-browser tests. */
public final class Chromium {

    private static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    static {
        // never let Selenium Manager download a browser or driver: the Debian packages are the ones under test
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    }

    private Chromium() {
    }

    /** Why the browser cannot run here, or null when it can. */
    public static String unavailableReason() {
        if (!Files.isExecutable(BINARY)) {
            return "chromium is not installed (" + BINARY + ")";
        }
        if (!Files.isExecutable(DRIVER)) {
            return "chromedriver is not installed (" + DRIVER + ", Debian package chromium-driver)";
        }
        return null;
    }

    /** Skips the calling test, with the reason printed, when the browser cannot run here. */
    public static void assumeInstalled(Class<?> test) {
        Requirement.require(test, unavailableReason());
    }

    /** A headless Chromium with an English UI and a window of the given size, e.g. {@code 1280,1000}. */
    public static ChromeDriver start(String windowSize) {
        return start(windowSize, "en-US", null);
    }

    /** Same, with the UI language given (e.g. {@code de-DE}) and downloads saved to a directory (or null). */
    public static ChromeDriver start(String windowSize, String language, Path downloads, String... extraArguments) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--lang=" + language, "--window-size=" + windowSize, "--no-first-run", "--password-store=basic");
        options.addArguments(extraArguments);
        java.util.Map<String, Object> prefs = new java.util.HashMap<>();
        prefs.put("intl.accept_languages", language);
        if (downloads != null) {
            prefs.put("download.default_directory", downloads.toAbsolutePath().toString());
            prefs.put("download.prompt_for_download", false);
        }
        options.setExperimentalOption("prefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return chrome;
    }
}
