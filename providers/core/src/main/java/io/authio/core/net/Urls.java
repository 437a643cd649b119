package io.authio.core.net;

import java.net.URI;
import java.net.URISyntaxException;

/** URLs as records may show them: destination URLs often carry tokens in their user info or query. */
public final class Urls {

    private Urls() {
    }

    /** Scheme, host, port and path only: no user info, query or fragment. */
    public static String withoutSecrets(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI u = new URI(url);
            if (u.getScheme() == null || u.getRawAuthority() == null) {
                return "[not a URL]";
            }
            String host = u.getHost() != null ? u.getHost() : "[host]";
            return u.getScheme() + "://" + host + (u.getPort() < 0 ? "" : ":" + u.getPort()) + (u.getRawPath() == null ? "" : u.getRawPath());
        } catch (URISyntaxException e) {
            return "[not a URL]";
        }
    }
}
