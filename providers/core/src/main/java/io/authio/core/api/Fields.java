package io.authio.core.api;

import java.util.List;

/**
 * The checks typed requests make in their constructors, each a 400 naming the field: required, length, range, list
 * size. Types are already right: {@link JsonBody}, the one reader of request bodies, bound them strictly.
 */
public final class Fields {

    private Fields() {
    }

    /** The text, null when absent and optional; at most {@code max} characters, not blank when required. */
    public static String text(String field, String value, int max, boolean required) {
        if (value == null) {
            if (required) {
                throw JsonBody.invalid(field, "is required");
            }
            return null;
        }
        if (value.length() > max) {
            throw JsonBody.invalid(field, "must be at most " + max + " characters");
        }
        if (required && value.isBlank()) {
            throw JsonBody.invalid(field, "must not be empty");
        }
        return value;
    }

    /** The integer, or {@code absent} when not given; within [min, max]. */
    public static long integer(String field, Long value, long min, long max, long absent) {
        if (value == null) {
            return absent;
        }
        if (value < min || value > max) {
            throw JsonBody.invalid(field, "must be an integer between " + min + " and " + max);
        }
        return value;
    }

    /** The list, null when absent and optional; at most {@code maxItems} strings of at most {@code maxLength}. */
    public static List<String> texts(String field, List<String> value, int maxItems, int maxLength, boolean required) {
        if (value == null) {
            if (required) {
                throw JsonBody.invalid(field, "is required");
            }
            return null;
        }
        if (value.size() > maxItems) {
            throw JsonBody.invalid(field, "holds at most " + maxItems + " items");
        }
        for (String item : value) {
            if (item == null || item.length() > maxLength) {
                throw JsonBody.invalid(field, "must be an array of strings of at most " + maxLength + " characters");
            }
        }
        return List.copyOf(value);
    }
}
