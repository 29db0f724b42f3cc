package io.acd.loadtest.network;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The names and addresses of a test network: a bridge in the root namespace holding the first address of a
 * /24, and one network namespace per node holding the next ones, each tied to the bridge by a veth pair.
 * Whatever runs in the root namespace (Cassandra, a traffic driver) is reached by every node at the bridge
 * address.
 *
 * @param bridge the bridge's interface name
 * @param prefix the namespaces are prefix1, prefix2, ...; their veth ends are named after them
 * @param subnet the first three octets of the /24, e.g. "10.201.0"
 * @param nodes  how many namespaces
 */
public record NetworkPlan(String bridge, String prefix, String subnet, int nodes) {

    /** Linux refuses interface names longer than 15 characters (IFNAMSIZ 16, with the NUL). */
    private static final int MAX_INTERFACE_NAME = 15;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1?\\d?\\d)";
    private static final Pattern SUBNET = Pattern.compile(OCTET + "(\\." + OCTET + "){2}");

    public NetworkPlan {
        if (nodes < 1 || nodes > 200) {
            throw new IllegalArgumentException("A network has 1 to 200 nodes, not " + nodes);
        }
        if (!NAME.matcher(bridge).matches() || bridge.length() > MAX_INTERFACE_NAME) {
            throw new IllegalArgumentException("Not a usable bridge name: " + bridge);
        }
        if (!NAME.matcher(prefix).matches() || (prefix + nodes + "-br").length() > MAX_INTERFACE_NAME) {
            throw new IllegalArgumentException("Not a usable namespace prefix (its veth names must fit in "
                    + MAX_INTERFACE_NAME + " characters): " + prefix);
        }
        if (!SUBNET.matcher(subnet).matches()) {
            throw new IllegalArgumentException("The subnet is three octets like 10.201.0, not " + subnet);
        }
    }

    /** acdbr0 on 10.201.0.1, namespaces acd-n1, acd-n2, ... on 10.201.0.2, 10.201.0.3, ... */
    public static NetworkPlan standard(int nodes) {
        return new NetworkPlan("acdbr0", "acd-n", "10.201.0", nodes);
    }

    public String bridgeAddress() {
        return subnet + ".1";
    }

    /** Node 1 is the first namespace. */
    public Host host(int node) {
        if (node < 1 || node > nodes) {
            throw new IllegalArgumentException("The nodes are 1 to " + nodes + ", not " + node);
        }
        return new Host(node, prefix + node, subnet + "." + (node + 1));
    }

    public List<Host> hosts() {
        return IntStream.rangeClosed(1, nodes).mapToObj(this::host).toList();
    }

    /** Whether the address is on this network's /24, so reachable from its namespaces (they have no route out). */
    public boolean contains(String address) {
        return address.startsWith(subnet + ".");
    }

    String bridgeCidr() {
        return bridgeAddress() + "/24";
    }

    /** The end of a node's veth pair that is attached to the bridge, in the root namespace. */
    String bridgeSide(Host host) {
        return host.namespace() + "-br";
    }

    /** The end that moves into the node's namespace. */
    String nodeSide(Host host) {
        return host.namespace() + "-ns";
    }
}
