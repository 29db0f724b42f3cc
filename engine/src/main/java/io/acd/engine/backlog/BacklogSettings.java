package io.acd.engine.backlog;

import com.typesafe.config.Config;

import java.time.Duration;

/** The {@code acd.backlog} settings, explained in the engine's reference.conf. */
public record BacklogSettings(Duration batchWindow, int batchSize, Duration catchUpWindow, Duration sweepInterval) {

    public static BacklogSettings from(Config config) {
        Config backlog = config.getConfig("acd.backlog");
        return new BacklogSettings(backlog.getDuration("batch-window"), backlog.getInt("batch-size"),
                backlog.getDuration("catch-up-window"), backlog.getDuration("sweep-interval"));
    }
}
