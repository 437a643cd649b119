package io.authio.keycloak.http;

import java.util.regex.Pattern;

/** Which request paths are Authio's JSON APIs: the admin API and the end-user API (not the magic-link pages). */
final class AuthioPaths {

    private static final Pattern API = Pattern.compile("^/?(?:admin/)?realms/[^/]+/authio(?:/.*)?$");

    private AuthioPaths() {
    }

    static boolean isApi(String path) {
        return path != null && API.matcher(path).matches();
    }
}
