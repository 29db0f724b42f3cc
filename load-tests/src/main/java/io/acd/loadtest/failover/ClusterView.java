package io.acd.loadtest.failover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * One node's view of the cluster, from Pekko Management's {@code GET /cluster/members}. Members are named by
 * their cluster host (the part of {@code pekko://acd@10.201.0.2:25520} between {@code @} and the port),
 * which is one address per node in a namespace network.
 *
 * @param self        the asked node
 * @param status      every member it knows, and its status (Joining, Up, Leaving, Exiting, Down, ...)
 * @param unreachable the members its failure detector gave up on
 * @param oldest      the oldest Up member, where the singletons (the shard coordinators) run
 */
record ClusterView(String self, Map<String, String> status, List<String> unreachable, Optional<String> oldest) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The node's view, or empty when it does not answer (stopped, starting, gone). */
    static Optional<ClusterView> of(HttpClient http, String managementUrl) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(managementUrl + "/cluster/members"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(parse(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static ClusterView parse(String json) throws IOException {
        JsonNode root = JSON.readTree(json);
        Map<String, String> status = new LinkedHashMap<>();
        for (JsonNode member : root.path("members")) {
            status.put(host(member.path("node").asText()), member.path("status").asText());
        }
        List<String> unreachable = StreamSupport.stream(root.path("unreachable").spliterator(), false)
                .map(u -> host(u.path("node").asText())).toList();
        Optional<String> oldest = root.hasNonNull("oldest") ? Optional.of(host(root.get("oldest").asText()))
                : Optional.empty();
        return new ClusterView(host(root.path("selfNode").asText()), status, unreachable, oldest);
    }

    /** How many members are Up and reachable from here. */
    long upAndReachable() {
        return status.entrySet().stream().filter(e -> e.getValue().equals("Up"))
                .filter(e -> !unreachable.contains(e.getKey())).count();
    }

    /** Exactly these hosts, all Up, none unreachable: a settled cluster of them. */
    boolean settledWith(List<String> hosts) {
        return status.keySet().size() == hosts.size() && status.keySet().containsAll(hosts)
                && upAndReachable() == hosts.size();
    }

    private static String host(String node) {
        int at = node.indexOf('@');
        int colon = node.lastIndexOf(':');
        return at >= 0 && colon > at ? node.substring(at + 1, colon) : node;
    }
}
