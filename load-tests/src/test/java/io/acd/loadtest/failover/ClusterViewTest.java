package io.acd.loadtest.failover;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the partition run reads a node's GET /cluster/members (Pekko Management), in that answer's format. */
class ClusterViewTest {

    private static final String CUT_OFF = """
            {"leader":"pekko://acd@10.201.0.2:25520","members":[
              {"node":"pekko://acd@10.201.0.2:25520","nodeUid":"-1","roles":["dc-default"],"status":"Up"},
              {"node":"pekko://acd@10.201.0.3:25520","nodeUid":"-2","roles":["dc-default"],"status":"Up"},
              {"node":"pekko://acd@10.201.0.4:25520","nodeUid":"-3","roles":["dc-default"],"status":"Up"}],
             "oldest":"pekko://acd@10.201.0.2:25520","oldestPerRole":{"dc-default":"pekko://acd@10.201.0.2:25520"},
             "selfNode":"pekko://acd@10.201.0.3:25520",
             "unreachable":[{"node":"pekko://acd@10.201.0.4:25520","observedBy":["pekko://acd@10.201.0.2:25520"]}]}
            """;

    @Test
    void membersAreNamedByTheirHostAndAnUnreachableOneIsNotSettled() throws Exception {
        ClusterView view = ClusterView.parse(CUT_OFF);

        assertEquals("10.201.0.3", view.self());
        assertEquals(Optional.of("10.201.0.2"), view.oldest());
        assertEquals(Map.of("10.201.0.2", "Up", "10.201.0.3", "Up", "10.201.0.4", "Up"), view.status());
        assertEquals(List.of("10.201.0.4"), view.unreachable());
        assertEquals(2, view.upAndReachable());
        assertFalse(view.settledWith(List.of("10.201.0.2", "10.201.0.3", "10.201.0.4")),
                "an unreachable member is not a settled cluster of three");
        assertFalse(view.settledWith(List.of("10.201.0.2", "10.201.0.3")), "nor of two while it is still a member");
    }

    @Test
    void twoMembersUpAndNoneUnreachableIsSettled() throws Exception {
        ClusterView view = ClusterView.parse("""
                {"members":[{"node":"pekko://acd@10.201.0.2:25520","status":"Up"},
                            {"node":"pekko://acd@10.201.0.3:25520","status":"Up"}],
                 "selfNode":"pekko://acd@10.201.0.2:25520","unreachable":[]}
                """);

        assertTrue(view.settledWith(List.of("10.201.0.3", "10.201.0.2")));
        assertEquals(Optional.empty(), view.oldest());
    }
}
