package io.acd.loadtest.audit;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** A failure told in one line: the deepest cause's first line, which is where the drivers say what went wrong. */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String outer = firstLine(t);
        Throwable deepest = t;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String inner = firstLine(deepest);
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            // The Cassandra driver's way of saying that nothing answered at the contact points; its message
            // goes on with the first node's low-level error, which adds nothing.
            if (c.getClass().getSimpleName().equals("AllNodesFailedException")) {
                String message = firstLine(c);
                int detail = message.indexOf(" (showing first");
                return "no Cassandra answers: " + (detail < 0 ? message : message.substring(0, detail));
            }
        }
        return deepest == t || outer.contains(inner) ? outer : outer + " (" + inner + ")";
    }

    private static String firstLine(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
