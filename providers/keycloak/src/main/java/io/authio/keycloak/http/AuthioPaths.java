package io.authio.keycloak.http;

import java.util.regex.Pattern;

/** Which request paths are Authio's: its JSON APIs (admin and end-user) and, besides them, its pages (magic link). */
final class AuthioPaths {

    private static final Pattern API = Pattern.compile("^/?(?:admin/)?realms/[^/]+/authio(?:/.*)?$", Pattern.DOTALL);
    private static final Pattern ANY = Pattern.compile("^/?(?:admin/)?realms/[^/]+/authio(?:-[a-z-]+)?(?:/.*)?$", Pattern.DOTALL);

    private AuthioPaths() {
    }

    /** The JSON APIs: refusals there carry Authio's error body. */
    static boolean isApi(String path) {
        return path != null && API.matcher(path).matches();
    }

    /** Any Authio path, pages included. */
    static boolean isAuthio(String path) {
        return path != null && ANY.matcher(path).matches();
    }
}
