package io.acd.loadtest.network;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A small network of its own on this machine, for cutting nodes off: a bridge in the root namespace and one
 * network namespace per node (see {@link NetworkPlan}). A node in a namespace has its own address, so what
 * it sends leaves from that address and rules in its namespace can drop exactly the traffic between it and
 * chosen other nodes; on loopback every connection would come from 127.0.0.1 whatever the node's address.
 *
 * <p>{@link #up} is idempotent: it replaces the namespaces (and whatever still runs in them) that an earlier
 * run left behind, and keeps a bridge that already exists, since a Cassandra may be listening on its
 * address. {@link #close} removes the namespaces and the bridge if this instance created it; {@link #down}
 * removes everything of the plan. Needs root, iproute2 and nftables ({@link Tools}).
 */
public final class NamespaceNetwork implements AutoCloseable {

    /** The table that a cut adds to a node's namespace; deleting it heals the cut. */
    static final String TABLE = "acd_partition";

    private final NetworkPlan plan;
    private final Tools tools;
    private final boolean ownsBridge;
    private final Set<Integer> partitioned = ConcurrentHashMap.newKeySet();

    private NamespaceNetwork(NetworkPlan plan, Tools tools, boolean ownsBridge) {
        this.plan = plan;
        this.tools = tools;
        this.ownsBridge = ownsBridge;
    }

    /** Builds the plan's network, over whatever an earlier run left of it. */
    public static NamespaceNetwork up(NetworkPlan plan) {
        Tools tools = Tools.require();
        removeNamespaces(plan, tools);
        boolean created = ensureBridge(plan, tools);
        NamespaceNetwork network = new NamespaceNetwork(plan, tools, created);
        try {
            for (Host host : plan.hosts()) {
                network.addNamespace(host);
            }
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
        return network;
    }

    /** Removes everything of the plan that exists: the namespaces, what runs in them, and the bridge. */
    public static void down(NetworkPlan plan) {
        Tools tools = Tools.require();
        removeNamespaces(plan, tools);
        deleteLink(tools, plan.bridge());
    }

    public NetworkPlan plan() {
        return plan;
    }

    /** The command, to be run inside the node's namespace: {@code ip netns exec NAME command...}. */
    public List<String> inside(Host host, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of(tools.ip().toString(), "netns", "exec", host.namespace()));
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Cuts the node off from every other node of the network, both ways, but not from the bridge address:
     * it still reaches Cassandra, and the driver still reaches its API. Packets are dropped, not refused: a
     * real cut answers nothing, so the cluster has to notice it by missed heartbeats, as it would.
     */
    public void partition(Host host) {
        if (!partitioned.add(host.node())) {
            return;
        }
        String others = String.join(", ", plan.hosts().stream().filter(h -> h.node() != host.node())
                .map(Host::address).toList());
        if (others.isEmpty()) {
            return;
        }
        // Whole packets, not new connections only: established connections between the nodes must stop too.
        String rules = """
                table inet %1$s {
                  chain input {
                    type filter hook input priority filter; policy accept;
                    ip saddr { %2$s } drop
                  }
                  chain output {
                    type filter hook output priority filter; policy accept;
                    ip daddr { %2$s } drop
                  }
                }
                """.formatted(TABLE, others);
        try {
            Shell.check(inside(host, List.of(tools.nft().toString(), "-f", "-")), rules);
        } catch (RuntimeException e) {
            partitioned.remove(host.node());
            throw e;
        }
    }

    /** Ends the node's cut; nothing happens if it is not cut off. */
    public void heal(Host host) {
        if (partitioned.remove(host.node())) {
            Shell.check(inside(host, List.of(tools.nft().toString(), "delete", "table", "inet", TABLE)));
        }
    }

    public boolean isPartitioned(Host host) {
        return partitioned.contains(host.node());
    }

    /**
     * Whether a TCP connection from the node's namespace to the address gets an answer within the timeout:
     * accepted, refused (the packet reached the host, whose kernel sent a reset: as good as accepted for
     * reachability, and needs nothing listening), or silence, which is what a cut looks like.
     */
    public Reach probe(Host from, String address, int port, Duration timeout) {
        long seconds = Math.max(1, timeout.toSeconds());
        // bash's /dev/tcp: a connect from inside the namespace without anything to install there.
        Shell.Result result = Shell.run(inside(from, List.of("timeout", Long.toString(seconds), "bash", "-c",
                "exec 3<>/dev/tcp/" + address + "/" + port)));
        if (result.ok()) {
            return Reach.CONNECTED;
        }
        if (result.stderr().contains("Connection refused")) {
            return Reach.REFUSED;
        }
        if (result.exitCode() == 124) {
            return Reach.SILENT;
        }
        throw new NetworkException("Cannot probe " + address + ":" + port + " from " + from.namespace() + ": "
                + result.describe());
    }

    /** What a connection attempt met. */
    public enum Reach {
        CONNECTED, REFUSED, SILENT;

        public boolean reached() {
            return this != SILENT;
        }
    }

    /**
     * Removes the namespaces, first killing what still runs in them (callers stop their nodes before; this
     * is for what a failed run left), and the bridge if this instance created it.
     */
    @Override
    public void close() {
        partitioned.clear();
        removeNamespaces(plan, tools);
        if (ownsBridge) {
            deleteLink(tools, plan.bridge());
        }
    }

    private void addNamespace(Host host) {
        String ip = tools.ip().toString();
        String ns = host.namespace();
        String outside = plan.bridgeSide(host);
        String inside = plan.nodeSide(host);
        Shell.check(List.of(ip, "netns", "add", ns));
        Shell.check(List.of(ip, "link", "add", outside, "type", "veth", "peer", "name", inside));
        Shell.check(List.of(ip, "link", "set", inside, "netns", ns));
        Shell.check(List.of(ip, "link", "set", outside, "master", plan.bridge()));
        Shell.check(List.of(ip, "link", "set", outside, "up"));
        // A JVM binds and talks to itself on 127.0.0.1 too: a namespace's loopback starts down.
        Shell.check(List.of(ip, "-n", ns, "link", "set", "lo", "up"));
        Shell.check(List.of(ip, "-n", ns, "addr", "add", host.address() + "/24", "dev", inside));
        Shell.check(List.of(ip, "-n", ns, "link", "set", inside, "up"));
    }

    /** Creates the bridge with its address unless it is there; whether it was created. */
    private static boolean ensureBridge(NetworkPlan plan, Tools tools) {
        String ip = tools.ip().toString();
        boolean created = false;
        if (!exists(tools, plan.bridge())) {
            Shell.check(List.of(ip, "link", "add", plan.bridge(), "type", "bridge"));
            created = true;
        }
        String addresses = Shell.check(List.of(ip, "-o", "-4", "addr", "show", "dev", plan.bridge()));
        if (!addresses.contains(" " + plan.bridgeCidr() + " ")) {
            Shell.check(List.of(ip, "addr", "add", plan.bridgeCidr(), "dev", plan.bridge()));
        }
        Shell.check(List.of(ip, "link", "set", plan.bridge(), "up"));
        return created;
    }

    private static boolean exists(Tools tools, String link) {
        return Shell.run(List.of(tools.ip().toString(), "link", "show", "dev", link)).ok();
    }

    /**
     * The plan's namespaces and veth pairs, whether from this run or an earlier one. A namespace is only
     * really gone when nothing runs in it any more: deleted with a process inside, it lives on unnamed, with
     * its address and its veth still on the bridge. So its processes are killed first. The root end of its
     * veth goes before the namespace: that deletes the pair at once, where the kernel dismantles a deleted
     * namespace (and the veth in it) in the background, after {@code ip netns del} returned.
     */
    private static void removeNamespaces(NetworkPlan plan, Tools tools) {
        String ip = tools.ip().toString();
        List<String> existing = Shell.check(List.of(ip, "netns", "list")).lines()
                .map(line -> line.split(" ")[0]).toList();
        for (Host host : plan.hosts()) {
            if (existing.contains(host.namespace())) {
                killAll(Shell.check(List.of(ip, "netns", "pids", host.namespace())), host);
            }
            deleteLink(tools, plan.bridgeSide(host));
            if (existing.contains(host.namespace())) {
                Shell.check(List.of(ip, "netns", "del", host.namespace()));
            }
        }
    }

    /** Deletes the link if it is there; one that vanishes in between (its namespace going) is as good. */
    private static void deleteLink(Tools tools, String link) {
        if (exists(tools, link)) {
            Shell.Result result = Shell.run(List.of(tools.ip().toString(), "link", "del", link));
            if (!result.ok() && exists(tools, link)) {
                throw new NetworkException(result.describe());
            }
        }
    }

    private static void killAll(String pids, Host host) {
        for (String pid : pids.lines().map(String::strip).filter(s -> !s.isEmpty()).toList()) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(process -> {
                String command = process.info().command().orElse("(command unknown)");
                System.err.println("Killing process " + pid + " (" + command + ") left in network namespace "
                        + host.namespace());
                process.destroyForcibly();
                try {
                    process.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new NetworkException("Process " + pid + " in network namespace " + host.namespace()
                            + " did not end after SIGKILL", e);
                }
            });
        }
    }
}
