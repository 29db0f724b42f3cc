package io.acd.loadtest.bench;

import io.acd.engine.router.RoutingLoop;
import io.acd.engine.routing.AgentCandidate;
import io.acd.engine.routing.Match;
import io.acd.engine.routing.WaitingContact;
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

import java.util.concurrent.TimeUnit;

/**
 * The router's own path, through the {@link RoutingLoop} it runs: what {@link RoutingBenchmark} measures on
 * the bare index, plus the loop's bookkeeping and the {@code Decision} every offer carries (left out, to
 * compare, with {@code explain=false}). Every agent is busy and the contacts wait, as in a centre at its peak; in steady
 * state no free agent is left beside a contact it could take, which is what the loop keeps true.
 *
 * <p>{@code agentFreesAndContactArrives}: one agent (in a fixed random order) frees a slot and is matched
 * with the best waiting contact; it answers the reservation with every slot in use again; a new
 * contact arrives and, with no agent free, is filed to wait. Three of the router's messages, one decision;
 * the reports and the contact are made in the operation, as the router receives them.
 *
 * <pre>java -jar load-tests/target/benchmarks.jar RoutingLoopBenchmark -p agents=50000</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// The same settings as RoutingBenchmark, for the same reasons (see there).
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xmx4g", "-Xms4g", "-XX:+AlwaysPreTouch"})
public class RoutingLoopBenchmark {

    private static final int TEMPLATES = 1_000;

    @Param({"1000", "10000", "100000"})
    public int agents;

    @Param({"500000"})
    public int waiting;

    /**
     * The router explains every offer; false shows what the explanation costs. It counts every contact the
     * agent qualifies for, so it looks through every group the agent's profile is filed under, where the
     * unexplained choice stops at the first group that cannot be beaten.
     */
    @Param({"true", "false"})
    public boolean explain;

    private Domain domain;
    private RoutingLoop loop;
    private WaitingContact[] templates;
    private int[] order;
    private int nextAgent;
    private long nextContact;
    private Match last;

    @Setup(Level.Trial)
    public void build() {
        domain = new Domain();
        loop = new RoutingLoop(domain.config, explain, match -> last = match);
        loop.start(Domain.NOW);
        for (int i = 0; i < agents; i++) {
            loop.agentAvailable(domain.agent(i, true), Domain.NOW);
        }
        for (long i = 0; i < waiting; i++) {
            loop.contactArrived(domain.contact(i), Domain.NOW);
        }
        templates = new WaitingContact[TEMPLATES];
        for (int i = 0; i < TEMPLATES; i++) {
            templates[i] = domain.contact(waiting + i);
        }
        nextContact = waiting;
        order = Domain.shuffled(agents, 7);
    }

    @Benchmark
    public Match agentFreesAndContactArrives() {
        int i = order[nextAgent];
        nextAgent = nextAgent + 1 == agents ? 0 : nextAgent + 1;
        String agentId = "a" + i;
        last = null;
        loop.agentAvailable(domain.agentAsReported(agentId, i, false), Domain.NOW);
        Match match = last;
        AgentCandidate busy = domain.agentAsReported(agentId, i, true);
        loop.agentAvailable(busy, Domain.NOW);
        long n = nextContact++;
        WaitingContact template = templates[(int) (n % TEMPLATES)];
        loop.contactArrived(new WaitingContact("c" + n, template.channel(), template.queue(), template.priority(),
                template.skills(), template.preferredSkills(), template.excludedAgents(), null, null,
                template.queuedAt()), Domain.NOW);
        return match;
    }
}
