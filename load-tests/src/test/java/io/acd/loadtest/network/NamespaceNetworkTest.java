package io.acd.loadtest.network;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static io.acd.loadtest.network.NamespaceNetwork.Reach.CONNECTED;
import static io.acd.loadtest.network.NamespaceNetwork.Reach.REFUSED;
import static io.acd.loadtest.network.NamespaceNetwork.Reach.SILENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real network, on this machine: only as root with iproute2 and nftables (else skipped). Its names and
 * subnet are not the partition run's, so that it never touches a run's network. Reachability is told by a
 * connection to a port nothing listens on: a reset comes back when the packet arrived, silence when it was
 * dropped.
 */
@EnabledIf("canBuild")
class NamespaceNetworkTest {

    private static final NetworkPlan PLAN = new NetworkPlan("acdtbr0", "acdt-n", "10.202.0", 3);
    private static final int NOTHING_THERE = 9;
    /** A reachable host answers in microseconds; the silence of a dropped packet is waited for this long. */
    private static final Duration SILENCE = Duration.ofSeconds(2);

    private NamespaceNetwork network;

    static boolean canBuild() {
        try {
            Tools.require();
            return true;
        } catch (NetworkException e) {
            return false;
        }
    }

    @AfterEach
    void down() {
        NamespaceNetwork.down(PLAN);
    }

    private NamespaceNetwork.Reach reach(int from, int to) {
        return network.probe(PLAN.host(from), PLAN.host(to).address(), NOTHING_THERE, SILENCE);
    }

    @Test
    void aCutNodeReachesNoOtherNodeButStillTheBridgeHealingGivesItBackAndCloseRemovesAll() throws IOException {
        network = NamespaceNetwork.up(PLAN);
        try (ServerSocket cassandra = new ServerSocket(0, 50, InetAddress.getByName(PLAN.bridgeAddress()))) {
            int port = cassandra.getLocalPort();
            assertEquals(REFUSED, reach(1, 2));
            assertEquals(REFUSED, reach(3, 1));
            assertEquals(CONNECTED, network.probe(PLAN.host(1), PLAN.bridgeAddress(), port, SILENCE));

            network.partition(PLAN.host(1));

            assertTrue(network.isPartitioned(PLAN.host(1)));
            assertEquals(SILENT, reach(1, 2), "the cut node's packets go nowhere");
            assertEquals(SILENT, reach(3, 1), "nothing reaches the cut node");
            assertEquals(REFUSED, reach(2, 3), "the other two still reach each other");
            assertEquals(CONNECTED, network.probe(PLAN.host(1), PLAN.bridgeAddress(), port, SILENCE),
                    "the cut node still reaches the bridge address, where Cassandra is");

            network.heal(PLAN.host(1));

            assertFalse(network.isPartitioned(PLAN.host(1)));
            assertEquals(REFUSED, reach(1, 2));
            assertEquals(REFUSED, reach(3, 1));
        }

        network.close();

        assertTrue(namespaces().stream().noneMatch(ns -> ns.startsWith("acdt-n")), namespaces().toString());
        assertFalse(linkExists("acdtbr0"), "the bridge this network created is gone");
    }

    @Test
    void upReplacesWhatAnEarlierRunLeftRunningAndCut() throws Exception {
        NamespaceNetwork earlier = NamespaceNetwork.up(PLAN);
        earlier.partition(PLAN.host(2));
        // A process an earlier run left running in a namespace keeps that namespace alive when deleted.
        Process leftover = new ProcessBuilder(earlier.inside(PLAN.host(2), List.of("sleep", "600"))).start();

        network = NamespaceNetwork.up(PLAN);

        assertTrue(leftover.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "the leftover process was ended");
        assertEquals(REFUSED, reach(2, 1), "the earlier cut is gone with its namespace");
        assertTrue(namespaces().containsAll(List.of("acdt-n1", "acdt-n2", "acdt-n3")), namespaces().toString());

        network.close();

        assertTrue(namespaces().stream().noneMatch(ns -> ns.startsWith("acdt-n")), namespaces().toString());
    }

    @Test
    void aBridgeThatWasThereBeforeIsLeftForWhoeverListensOnIt() {
        NamespaceNetwork.up(new NetworkPlan(PLAN.bridge(), PLAN.prefix(), PLAN.subnet(), 1));
        network = NamespaceNetwork.up(PLAN);

        network.close();

        assertTrue(linkExists("acdtbr0"));
        assertTrue(namespaces().stream().noneMatch(ns -> ns.startsWith("acdt-n")), namespaces().toString());
    }

    private static List<String> namespaces() {
        return Shell.check(List.of("ip", "netns", "list")).lines().map(l -> l.split(" ")[0]).toList();
    }

    private static boolean linkExists(String name) {
        return Shell.run(List.of("ip", "link", "show", "dev", name)).ok();
    }
}
