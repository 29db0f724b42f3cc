package io.acd.loadtest.bench;

import io.acd.engine.routing.AgentCandidate;
import io.acd.engine.routing.Channel;
import io.acd.engine.routing.RoutingIndex;
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
 * One routing decision per operation on the {@link RoutingIndex}, in a centre where most agents are busy
 * (1 in 10 has a free slot) and many contacts wait.
 *
 * <ul>
 *   <li>{@code contactArrives}: a new contact looks for the best available agent as the router does it,
 *   before filing it; one that no agent takes is filed, and then taken out again so that the index stays the
 *   same size. Its record is one of 100,000 built beforehand, so it is usually not in the cache.</li>
 *   <li>{@code contactArrivesAsReceived}: the same with the contact's record just built, as the router has
 *   it when a message arrives; its id is still new to the index.</li>
 *   <li>{@code contactFiled}: a new contact is filed among the waiting ones, the best agent is chosen for
 *   it, and it leaves again: what a contact that has to wait costs (its filing, a decision, its removal
 *   when it is answered), and what every contact cost before the router decided before filing.</li>
 *   <li>{@code agentFrees}: a busy agent frees capacity and looks for the best waiting contact, then
 *   becomes busy again. Its two records are among 2 × {@code agents} built beforehand. Agents take their
 *   turns in a fixed random order, as they finish their work, not in the order they logged in.</li>
 *   <li>{@code agentFreesAsReceived}: the same with the agent's records made in the operation, as the
 *   router has them when the agent's reports arrive.</li>
 *   <li>{@code agentReportsRead}: no index at all, only what the index reads of {@code agentFrees}'s two
 *   records (the id, the idle time, the capacity and load per channel): what any index pays for those
 *   inputs alone, whatever it does with them.</li>
 * </ul>
 *
 * Decisions go through the index's allocation-free calls ({@code agentFor}, {@code contactFor}); the router
 * wraps the chosen pair in a {@code Match} with its explanation, which is a message it sends anyway.
 *
 * <pre>java -jar load-tests/target/benchmarks.jar RoutingBenchmark -p agents=50000 -p waiting=500000</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// The heap is committed and touched before the run (-Xms, AlwaysPreTouch): otherwise the young generation
// grows onto pages never touched, every first touch is a page fault, and a fork's throughput depended on
// when its heap had grown (one fork 250k/s, the next 860k/s, same code). Two forks, five warm-up iterations.
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xmx4g", "-Xms4g", "-XX:+AlwaysPreTouch"})
public class RoutingBenchmark {

    private static final int ARRIVING = 100_000;
    private static final int TEMPLATES = 1_000;
    private static final Channel[] CHANNELS = Channel.values();

    @Param({"1000", "10000", "50000", "100000"})
    public int agents;

    @Param({"10000", "100000", "500000"})
    public int waiting;

    private Domain domain;
    private RoutingIndex index;
    private AgentCandidate[] busyAgents;
    private AgentCandidate[] freeAgents;
    private WaitingContact[] arriving;
    /**
     * The order in which agents free capacity: a fixed shuffle. Agents finish their work in an order that
     * has nothing to do with the order in which they logged in, and walking them in login order let the
     * processor fetch the next agent's entry, laid out next to this one's, before it was asked for.
     */
    private int[] order;
    private long nextContact;
    private int nextAgent;

    @Setup(Level.Trial)
    public void build() {
        domain = new Domain();
        index = new RoutingIndex(domain.config);
        // Built up front, so that the benchmark measures the index and not the making of its inputs.
        busyAgents = new AgentCandidate[agents];
        freeAgents = new AgentCandidate[agents];
        for (int i = 0; i < agents; i++) {
            busyAgents[i] = domain.agent(i, true);
            freeAgents[i] = domain.agent(i, false);
            index.putAgent(i % 10 != 0 ? busyAgents[i] : freeAgents[i]);
        }
        order = Domain.shuffled(agents, 7);
        arriving = new WaitingContact[ARRIVING];
        for (int i = 0; i < ARRIVING; i++) {
            arriving[i] = domain.contact(waiting + i);
        }
        for (long i = 0; i < waiting; i++) {
            index.putContact(domain.contact(i), Domain.NOW);
        }
    }

    /** The next agent to free capacity, and the one after it next time. */
    private int nextAgent() {
        int i = order[nextAgent];
        nextAgent = nextAgent + 1 == agents ? 0 : nextAgent + 1;
        return i;
    }

    @Benchmark
    public String contactArrives() {
        return arrive(arriving[(int) (nextContact++ % ARRIVING)]);
    }

    private String arrive(WaitingContact contact) {
        String agent = index.agentFor(contact, Domain.NOW);
        if (agent == null) {
            index.putContact(contact, Domain.NOW);
            index.removeContact(contact.interactionId());
        }
        return agent;
    }

    @Benchmark
    public String contactFiled() {
        WaitingContact contact = arriving[(int) (nextContact++ % ARRIVING)];
        index.putContact(contact, Domain.NOW);
        String agent = index.agentFor(contact.interactionId(), Domain.NOW);
        index.removeContact(contact.interactionId());
        return agent;
    }

    /**
     * {@link #contactArrives} as the router meets a contact: its record was just built from a message, so it
     * is in the cache, while its id is new to the index. The record is made here from one of a thousand
     * templates, and its id as a new string (about 100 bytes of the allocation per operation are this input,
     * not the index).
     */
    @Benchmark
    public String contactArrivesAsReceived() {
        int i = (int) (nextContact++ % ARRIVING);
        WaitingContact template = arriving[i % TEMPLATES];
        // A new String, as deserializing the message makes it: equal to the id the index will hold, not the same.
        WaitingContact contact = new WaitingContact("c" + (waiting + i), template.channel(), template.queue(),
                template.priority(), template.skills(), template.preferredSkills(), template.excludedAgents(),
                null, null, template.queuedAt());
        return arrive(contact);
    }

    /** The decision alone, for an agent that is already free in the index: what the updates around it cost shows by difference. */
    @Benchmark
    public WaitingContact decisionOnly() {
        int i = nextAgent();
        // Agent i is free when i is a multiple of ten: the free agent of its ten.
        i -= i % 10;
        return index.contactFor(freeAgents[i].agentId(), Domain.NOW);
    }

    @Benchmark
    public WaitingContact agentFrees() {
        int i = nextAgent();
        index.putAgent(freeAgents[i]);
        WaitingContact contact = index.contactFor(freeAgents[i].agentId(), Domain.NOW);
        index.putAgent(i % 10 == 0 ? freeAgents[i] : busyAgents[i]);
        return contact;
    }

    /**
     * The part of {@link #agentFrees} no index can avoid: reading its two records, as {@code putAgent} and
     * {@code contactFor} read them. At 100,000 agents those records no longer fit in the cache, so this
     * shows how much of {@code agentFrees}'s growth with the number of agents is its inputs' and not the
     * index's.
     */
    @Benchmark
    public long agentReportsRead() {
        int i = nextAgent();
        return read(freeAgents[i]) + read(i % 10 == 0 ? freeAgents[i] : busyAgents[i]);
    }

    private static long read(AgentCandidate agent) {
        String id = agent.agentId();
        // The hash, as a table lookup starts; the last character, as comparing the id with a stored one ends.
        // Skills and groups are the shared objects of the agent's profile, which the index compares by reference.
        long sum = id.hashCode() + id.charAt(id.length() - 1);
        sum += agent.idleSince().getEpochSecond() + agent.idleSince().getNano();
        for (Channel channel : CHANNELS) {
            Integer capacity = agent.capacity().get(channel);
            Integer used = agent.used().get(channel);
            sum += (capacity == null ? 0 : capacity) + (used == null ? 0 : used);
        }
        return sum;
    }

    /**
     * {@link #agentFrees} as the router meets it: each of the agent's two reports is a record just made, with
     * its id as a new string (the 128 bytes allocated per operation are these inputs, not the index).
     */
    @Benchmark
    public WaitingContact agentFreesAsReceived() {
        int i = nextAgent();
        String agentId = "a" + i;
        index.putAgent(domain.agentAsReported(agentId, i, false));
        WaitingContact contact = index.contactFor(agentId, Domain.NOW);
        index.putAgent(domain.agentAsReported(agentId, i, i % 10 != 0));
        return contact;
    }
}
