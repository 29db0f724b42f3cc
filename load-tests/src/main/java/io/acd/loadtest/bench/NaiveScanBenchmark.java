package io.acd.loadtest.bench;

import io.acd.engine.routing.AgentCandidate;
import io.acd.engine.routing.Match;
import io.acd.engine.routing.NaiveRouting;
import io.acd.engine.routing.RoundRobin;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The baseline: the same decisions as {@link RoutingBenchmark} by a plain linear scan ({@link NaiveRouting}). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class NaiveScanBenchmark {

    @Param({"1000", "10000", "50000", "100000"})
    public int agents;

    @Param({"10000", "100000", "500000"})
    public int waiting;

    private Domain domain;
    private final List<AgentCandidate> agentList = new ArrayList<>();
    private final List<WaitingContact> contactList = new ArrayList<>();
    private final RoundRobin roundRobin = new RoundRobin();
    private long nextContact;
    private int nextAgent;

    @Setup(Level.Trial)
    public void build() {
        domain = new Domain();
        for (int i = 0; i < agents; i++) {
            agentList.add(domain.agent(i, i % 10 != 0));
        }
        for (long i = 0; i < waiting; i++) {
            contactList.add(domain.contact(i));
        }
        nextContact = waiting;
    }

    @Benchmark
    public Optional<Match> contactArrives() {
        return NaiveRouting.bestAgentFor(domain.contact(nextContact++), agentList, domain.config, roundRobin,
                Domain.NOW, false);
    }

    @Benchmark
    public Optional<Match> agentFrees() {
        AgentCandidate freed = agentList.get(nextAgent).used().isEmpty() ? agentList.get(nextAgent)
                : domain.agent(nextAgent, false);
        nextAgent = (nextAgent + 1) % agents;
        return NaiveRouting.bestContactFor(freed, contactList, domain.config, Domain.NOW, false);
    }
}
