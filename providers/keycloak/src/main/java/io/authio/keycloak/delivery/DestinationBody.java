package io.authio.keycloak.delivery;

import java.util.List;

import io.authio.core.api.Fields;
import io.authio.core.webhook.EventFilter;

/**
 * What webhook endpoints and SIEM sinks share in their create and update bodies (typed requests bound by the strict
 * reader, {@link io.authio.core.api.JsonBody}). A null field is one the body left out: an update keeps it.
 */
interface DestinationBody {

    int MAX_URL = 2048;
    int MAX_EVENT_TYPE = 100;
    int MAX_DESCRIPTION = 255;

    String url();

    List<String> eventTypes();

    String description();

    Boolean enabled();

    /** The checks every destination body makes on the shared fields (required ones are checked on create). */
    static void check(String url, List<String> eventTypes, String description) {
        Fields.text("url", url, MAX_URL, false);
        Fields.texts("event_types", eventTypes, EventFilter.MAX_PATTERNS, MAX_EVENT_TYPE, false);
        Fields.text("description", description, MAX_DESCRIPTION, false);
    }
}
