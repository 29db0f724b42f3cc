package io.acd.loadtest.sim.engine;

import io.acd.loadtest.sim.Figures;
import io.acd.loadtest.sim.IntervalFigures;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;

/**
 * What an engine-mode run measured. Contact figures are in scenario seconds (a run at a time scale of 10
 * reports the waits its scenario describes); the engine's own speed (latency, throughput) is in real time.
 *
 * @param total        figures over every contact created during the run; a contact counts as having waited
 *                     when its offer took longer than the run's wait epsilon (the engine's own latency is not
 *                     queueing), and the contacts still waiting when the run ended count as abandoned
 * @param queues       the same per queue, in the scenario's order
 * @param latency      create to offer, microseconds of real time, for every offered contact: the request, the
 *                     journal writes, the routing decision and the push to the desktop, plus any time the
 *                     contact queued for want of a free agent
 * @param lifecyclesPerSecond contacts completed (offered, accepted, completed, wrapped up) per real second
 *                     between the first arrival and the last completion
 * @param apiStatuses  the final status of every created contact as the API reports it after the run
 * @param lost         created contacts the API does not report as completed or abandoned after the run
 * @param disagreements contacts whose final status in the API differs from what the simulator saw happen
 * @param races        expected races: a customer abandoning in the moment an agent accepts
 * @param retries      calls repeated after a 503 or a lost connection (an overloaded engine sheds load so)
 * @param errors       failed calls and unexpected error messages; {@code errorSamples} shows the first few
 */
public record EngineResult(Figures total, Map<String, Figures> queues, List<Interval> intervals, Histogram latency,
                           double occupancy, double wallSeconds, double createsPerSecond,
                           double lifecyclesPerSecond, Map<String, Long> apiStatuses, long lost,
                           long disagreements, long abandonedAtEnd, long races, long retries, long errors,
                           List<String> errorSamples, ChatTalk.Figures chat) {

    /**
     * One interval of scenario time, contacts counted by the time they were created; except
     * {@code lifecyclesPerSecond}: contacts completed within the interval, per real second, which is what the
     * engine sustained while that interval's traffic arrived.
     */
    public record Interval(double startSeconds, double endSeconds, Figures figures, Map<String, Figures> queues,
                           double p50LatencyMillis, double p99LatencyMillis, double lifecyclesPerSecond)
            implements IntervalFigures {
    }

    /** Chat messages, when the run had chats talk (--chat-messages); else absent. */
    public java.util.Optional<ChatTalk.Figures> chatFigures() {
        return java.util.Optional.ofNullable(chat);
    }

    public double latencyMillis(double percentile) {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
    }
}
