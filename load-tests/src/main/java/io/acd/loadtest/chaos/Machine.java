package io.acd.loadtest.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine a figure was measured on, for the report: processor, cores, memory and JVM. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        String cpu = "unknown processor";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(cpu);
        } catch (IOException | RuntimeException notLinux) {
            // the report says "unknown processor"
        }
        long memory = -1;
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        return String.format(Locale.ROOT, "%s, %d cores, %s memory, %s %s", cpu,
                Runtime.getRuntime().availableProcessors(), memory < 0 ? "unknown" : (memory >> 30) + " GiB",
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
    }
}
