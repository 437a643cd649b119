package io.authio.core.risk;

import java.util.Locale;

/** User-agent heuristics: automation and headless browsers, and a short label for a device list. */
public final class UserAgents {

    private static final String[] AUTOMATION = {"headlesschrome", "phantomjs", "selenium", "webdriver", "puppeteer",
            "playwright", "python-requests", "python-urllib", "aiohttp", "curl/", "wget/", "go-http-client",
            "okhttp", "java/", "apache-httpclient", "libwww-perl", "scrapy", "httpie", "node-fetch", "axios/"};

    private UserAgents() {
    }

    /** Why the agent looks automated, or null when it does not. */
    public static String suspicion(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "the request carries no user agent";
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        for (String marker : AUTOMATION) {
            if (ua.contains(marker)) {
                String clean = marker.endsWith("/") ? marker.substring(0, marker.length() - 1) : marker;
                return "the user agent names an automation tool or headless browser (" + clean + ")";
            }
        }
        return null;
    }

    /** "Firefox on Linux", "Chrome on Windows", ... for the user's list of known devices. */
    public static String label(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "Unknown device";
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        String browser = ua.contains("edg/") ? "Edge" : ua.contains("firefox/") ? "Firefox"
                : ua.contains("chrome/") || ua.contains("chromium/") ? "Chrome"
                : ua.contains("safari/") ? "Safari" : "Browser";
        String os = ua.contains("android") ? "Android" : ua.contains("iphone") || ua.contains("ipad") ? "iOS"
                : ua.contains("windows") ? "Windows" : ua.contains("mac os") ? "macOS"
                : ua.contains("linux") ? "Linux" : "unknown OS";
        return browser + " on " + os;
    }
}
