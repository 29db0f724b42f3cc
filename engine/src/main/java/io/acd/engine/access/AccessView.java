package io.acd.engine.access;

import io.acd.engine.access.Directory.KeyRecord;
import io.acd.engine.access.Directory.View;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * This node's copy of the directory's keys and tenants, against which every request is checked without a
 * message to anyone. It asks the directory every {@code acd.security.refresh-interval} whether anything
 * changed, so a key revoked on any node is refused on every node within about that long. A key or tenant it
 * does not know yet (just created on another node) makes it ask at once before refusing: asks made while one
 * is in flight share it, so a flood of bad keys costs the directory one message per round trip, not one each.
 */
public final class AccessView {

    private static final Logger LOG = LoggerFactory.getLogger(AccessView.class);

    /** The directory's view, with the keys indexed by hash. */
    private record Copy(long version, Set<String> tenants, Map<String, KeyRecord> byHash) {

        static Copy of(View view) {
            return new Copy(view.version(), view.tenants(), view.activeKeys().stream()
                    .collect(Collectors.toUnmodifiableMap(KeyRecord::hash, Function.identity())));
        }
    }

    private final ActorSystem<?> system;
    private final RecipientRef<Directory.Command> directory;
    private final Duration askTimeout;
    private final CompletableFuture<Void> firstCopy = new CompletableFuture<>();
    private final AtomicReference<CompletableFuture<Copy>> asking = new AtomicReference<>();
    private volatile Copy copy;
    private volatile boolean warned;

    private AccessView(ActorSystem<?> system, RecipientRef<Directory.Command> directory, Duration askTimeout) {
        this.system = system;
        this.directory = directory;
        this.askTimeout = askTimeout;
    }

    /** A view that asks nothing until it is told to {@link #follow}, or asked about a key. */
    public static AccessView create(ActorSystem<?> system, RecipientRef<Directory.Command> directory,
                                    Duration askTimeout) {
        return new AccessView(system, directory, askTimeout);
    }

    /** A copy that never changes and asks no one, for a benchmark or a tool that checks keys on its own. */
    public static AccessView fixed(View view) {
        AccessView fixed = new AccessView(null, null, Duration.ZERO);
        fixed.copy = Copy.of(view);
        fixed.firstCopy.complete(null);
        return fixed;
    }

    /** Starts asking the directory every {@code interval}; {@link #ready()} completes with the first copy. */
    public void follow(Duration interval) {
        system.scheduler().scheduleWithFixedDelay(Duration.ZERO, interval, this::fetch, system.executionContext());
    }

    public CompletionStage<Void> ready() {
        return firstCopy;
    }

    /** The active key with this hash, asking the directory first if this copy does not have it. */
    public CompletionStage<Optional<KeyRecord>> key(String hash) {
        Copy now = copy;
        if (now != null && now.byHash().containsKey(hash)) {
            return CompletableFuture.completedFuture(Optional.of(now.byHash().get(hash)));
        }
        return fetchSentNow().thenApply(fresh -> Optional.ofNullable(fresh.byHash().get(hash)));
    }

    /** Whether the tenant exists, asking the directory first if this copy does not have it. */
    public CompletionStage<Boolean> hasTenant(String tenant) {
        Copy now = copy;
        if (now != null && now.tenants().contains(tenant)) {
            return CompletableFuture.completedFuture(true);
        }
        return fetchSentNow().thenApply(fresh -> fresh.tenants().contains(tenant));
    }

    /** Asks the directory at once, after a change made through this node: its callers see it at once. */
    public CompletionStage<Void> refresh() {
        return fetch().thenAccept(fresh -> { });
    }

    /**
     * A fetch whose ask leaves after this call: one already in flight may have left before the change the caller
     * looks for was made, so the caller waits for it and then for the next (which its other waiters share).
     */
    private CompletionStage<Copy> fetchSentNow() {
        CompletableFuture<Copy> inFlight = asking.get();
        return inFlight == null ? fetch() : inFlight.handle((done, failure) -> null).thenCompose(next -> fetch());
    }

    /**
     * Asks the directory for what changed; completes with the copy then current. Fails only when there is no
     * copy at all yet: otherwise an unreachable directory (its node failing over) leaves the last copy in force.
     */
    private CompletionStage<Copy> fetch() {
        if (directory == null) {
            return CompletableFuture.completedFuture(copy);
        }
        CompletableFuture<Copy> mine = new CompletableFuture<>();
        CompletableFuture<Copy> inFlight = asking.compareAndExchange(null, mine);
        if (inFlight != null) {
            return inFlight;
        }
        Copy known = copy;
        AskPattern.<Directory.Command, Directory.ViewReply>ask(directory,
                        replyTo -> new Directory.GetView(known == null ? -1 : known.version(), replyTo),
                        askTimeout, system.scheduler())
                .whenComplete((reply, failure) -> {
                    asking.set(null);
                    if (reply instanceof View view) {
                        Copy fresh = Copy.of(view);
                        copy = fresh;
                        warned = false;
                        firstCopy.complete(null);
                        mine.complete(fresh);
                    } else if (reply != null && copy != null) {
                        mine.complete(copy);
                    } else if (copy != null) {
                        if (!warned) {
                            warned = true;
                            LOG.warn("The directory of keys did not answer ({}); checking keys against the last copy",
                                    failure.toString());
                        }
                        mine.complete(copy);
                    } else {
                        mine.completeExceptionally(failure != null ? failure
                                : new IllegalStateException("The directory answered " + reply + " to a first ask"));
                    }
                });
        return mine;
    }
}
