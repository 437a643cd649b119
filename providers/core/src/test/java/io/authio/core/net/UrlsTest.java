package io.authio.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UrlsTest {

    @Test
    void userInfoQueryAndFragmentAreDropped() {
        assertEquals("https://hooks.example.com/in", Urls.withoutSecrets("https://hooks.example.com/in?token=abc#frag"));
        assertEquals("syslog+tls://siem.example.com:6514", Urls.withoutSecrets("syslog+tls://user:pw@siem.example.com:6514"));
        assertEquals("http://[::1]:8080/x", Urls.withoutSecrets("http://u@[::1]:8080/x?y"));
        assertEquals("[not a URL]", Urls.withoutSecrets("not a url"));
        assertEquals(null, Urls.withoutSecrets(null));
    }
}
