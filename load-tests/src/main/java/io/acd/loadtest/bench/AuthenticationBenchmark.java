package io.acd.loadtest.bench;

import io.acd.engine.access.AccessView;
import io.acd.engine.access.ApiKeys;
import io.acd.engine.access.Directory;
import io.acd.engine.access.Role;
import io.acd.gateway.auth.Authenticator;
import io.acd.gateway.auth.FailedAuthentications;
import io.acd.gateway.auth.RateLimiter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What checking a request's key costs the API: the whole {@link Authenticator} path of a valid key (the
 * header parsed, the key's form checked, its SHA-256, the lookup in the node's copy of the directory, the rate
 * limiter), against a node's copy holding {@code keys} keys. A refused key takes the same path up to the
 * lookup.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuthenticationBenchmark {

    @Param({"10", "10000"})
    public int keys;

    private Authenticator authenticator;
    private final List<Optional<String>> headers = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void build() {
        List<Directory.KeyRecord> records = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            String key = ApiKeys.generate();
            String hash = ApiKeys.hash(key);
            records.add(new Directory.KeyRecord(ApiKeys.keyId(hash), hash, Role.AGENT, "default", "a" + i, "",
                    Instant.EPOCH, null));
            if (headers.size() < 1000) {
                headers.add(Optional.of("Bearer " + key));
            }
        }
        AccessView view = AccessView.fixed(new Directory.View(1, Set.of("default"), records));
        authenticator = new Authenticator(view, new RateLimiter(1e12, 1e12, System::nanoTime),
                new FailedAuthentications(10, Duration.ofMinutes(1), Clock.systemUTC(), (s, n, t) -> { }));
    }

    @Benchmark
    public Object validKey() {
        Optional<String> header = headers.get(next);
        next = (next + 1) % headers.size();
        return authenticator.authenticate(header, Optional.empty(), "127.0.0.1").toCompletableFuture().join();
    }
}
