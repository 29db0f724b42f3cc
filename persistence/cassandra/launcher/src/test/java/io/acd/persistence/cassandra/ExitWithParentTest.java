package io.acd.persistence.cassandra;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The end of standard input, as when the JVM that started Cassandra is killed, ends the child JVM. */
class ExitWithParentTest {

    /** Stands in for CassandraDaemon: a main that returns while a non-daemon thread keeps the JVM up. */
    public static final class Forever {
        public static void main(String[] args) {
            Thread thread = new Thread(() -> {
                try {
                    Thread.currentThread().join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "forever");
            thread.start();
        }
    }

    @Test
    void theChildEndsWhenItsStandardInputEnds() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                ExitWithParent.class.getName(), Forever.class.getName()))
                .redirectErrorStream(true).start();
        try {
            assertTrue(child.isAlive());
            assertTrue(!child.waitFor(1, TimeUnit.SECONDS), "the child runs while its input is open");

            child.getOutputStream().close();

            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child is still running");
            assertEquals(143, child.exitValue());
            assertTrue(new String(child.getInputStream().readAllBytes()).contains("is gone"));
        } finally {
            child.destroyForcibly();
        }
    }
}
