package io.acd.loadtest.network;

/**
 * One node's place in a {@link NetworkPlan}: its network namespace and the address it has there.
 *
 * @param node      1, 2, ...
 * @param namespace the network namespace's name ({@code ip netns exec NAME ...})
 * @param address   its IPv4 address on the network, which is also its Pekko cluster host
 */
public record Host(int node, String namespace, String address) {
}
