package io.acd.persistence.cassandra;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * The main class of Cassandra's JVM: runs the main class it is given (CassandraDaemon), and ends the JVM,
 * through its shutdown hooks, when standard input reaches its end. Standard input is a pipe from the JVM that
 * started Cassandra, and the pipe ends when that JVM does, however it ends: so a launcher or a test JVM killed
 * with SIGKILL does not leave a Cassandra behind it, holding its ports and its data directory.
 * Only the JDK is used here: this class runs on Cassandra's classpath.
 */
public final class ExitWithParent {

    private ExitWithParent() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("Usage: ExitWithParent MAIN-CLASS [ARGS...]");
            System.exit(2);
        }
        Thread watch = new Thread(ExitWithParent::exitAtEndOfInput, "acd-exit-with-parent");
        watch.setDaemon(true);
        watch.start();
        try {
            Class.forName(args[0]).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void exitAtEndOfInput() {
        try {
            while (System.in.read() >= 0) {
                // Nothing is ever written to this pipe; only its end matters.
            }
        } catch (IOException e) {
            // A broken pipe is an end too.
        }
        System.err.println("The process that started Cassandra is gone: stopping Cassandra");
        System.exit(143);
    }
}
