package io.acd.engine.events;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A flat JSON object, written by hand: the events out are small objects of strings, numbers and one level of
 * nesting, and the engine has no JSON library of its own (the edges have Jackson); writing them here keeps the
 * stored form of an event out the same whichever edge sends it.
 */
final class JsonText {

    private final StringBuilder out = new StringBuilder("{");

    JsonText put(String name, String value) {
        key(name);
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    JsonText put(String name, long value) {
        key(name);
        out.append(value);
        return this;
    }

    JsonText put(String name, Instant value) {
        return put(name, value == null ? null : value.toString());
    }

    JsonText put(String name, Map<String, Integer> levels) {
        key(name);
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Integer> level : new TreeMap<>(levels).entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(level.getKey());
            out.append(':').append(level.getValue());
        }
        out.append('}');
        return this;
    }

    String end() {
        return out.append('}').toString();
    }

    private void key(String name) {
        if (out.length() > 1) {
            out.append(',');
        }
        string(name);
        out.append(':');
    }

    private void string(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
