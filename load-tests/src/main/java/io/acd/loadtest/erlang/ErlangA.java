package io.acd.loadtest.erlang;

/**
 * Erlang A: the M/M/c+M queue, where a waiting customer abandons after an exponential patience. Solved
 * numerically from its birth-death chain, truncated where the remaining probability is negligible.
 *
 * @param patienceSeconds mean patience, 1/θ
 */
public record ErlangA(double arrivalsPerSecond, double ahtSeconds, double patienceSeconds, int agents) {

    private static final double NEGLIGIBLE = 1e-15;

    public ErlangA {
        if (!(arrivalsPerSecond > 0) || !(ahtSeconds > 0) || !(patienceSeconds > 0) || agents < 1) {
            throw new IllegalArgumentException("Need positive rates, patience and at least one agent");
        }
    }

    /** Stationary probability of n customers in the system (in service and waiting). */
    private double[] distribution() {
        double lambda = arrivalsPerSecond;
        double mu = 1 / ahtSeconds;
        double theta = 1 / patienceSeconds;
        double[] p = new double[1024];
        p[0] = 1;
        double total = 1;
        int n = 1;
        while (true) {
            double death = Math.min(n, agents) * mu + Math.max(n - agents, 0) * theta;
            double next = p[n - 1] * lambda / death;
            if (n >= p.length) {
                p = java.util.Arrays.copyOf(p, p.length * 2);
            }
            p[n] = next;
            total += next;
            if (n > agents && next < NEGLIGIBLE * total) {
                break;
            }
            n++;
        }
        double[] normalised = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            normalised[i] = p[i] / total;
        }
        return normalised;
    }

    public double pWait() {
        double[] p = distribution();
        double sum = 0;
        for (int n = agents; n < p.length; n++) {
            sum += p[n];
        }
        return sum;
    }

    /** Mean number waiting. */
    public double meanQueue() {
        double[] p = distribution();
        double sum = 0;
        for (int n = agents + 1; n < p.length; n++) {
            sum += (n - agents) * p[n];
        }
        return sum;
    }

    /** Share of arrivals that abandon: abandonments happen at θ × mean queue, arrivals at λ. */
    public double pAbandon() {
        return meanQueue() / patienceSeconds / arrivalsPerSecond;
    }

    /** Average wait of all arrivals until answered or abandoned (Little's law on the queue), seconds. */
    public double meanWait() {
        return meanQueue() / arrivalsPerSecond;
    }

    /**
     * Share of arrivals answered within {@code seconds}. An arrival finding j waiting ahead moves up at rate
     * cμ + kθ while k are ahead and leaves itself at rate θ; f_k(t), the chance of reaching an agent by t
     * with k ahead, solves f_k' = (cμ + kθ) f_{k-1} − (cμ + (k+1)θ) f_k with f_{-1} = 1, integrated here
     * with fourth-order Runge-Kutta.
     */
    public double serviceLevel(double seconds) {
        double[] p = distribution();
        double mu = 1 / ahtSeconds;
        double theta = 1 / patienceSeconds;
        int queueStates = p.length - agents;
        double answered = 0;
        for (int n = 0; n < Math.min(agents, p.length); n++) {
            answered += p[n];
        }
        if (queueStates <= 0) {
            return answered;
        }
        double[] f = new double[queueStates];
        int steps = Math.max(200, (int) Math.ceil(seconds * 50));
        double h = seconds / steps;
        double[] k1 = new double[queueStates];
        double[] k2 = new double[queueStates];
        double[] k3 = new double[queueStates];
        double[] k4 = new double[queueStates];
        double[] tmp = new double[queueStates];
        for (int s = 0; s < steps; s++) {
            derivative(f, k1, mu, theta);
            for (int i = 0; i < queueStates; i++) {
                tmp[i] = f[i] + h / 2 * k1[i];
            }
            derivative(tmp, k2, mu, theta);
            for (int i = 0; i < queueStates; i++) {
                tmp[i] = f[i] + h / 2 * k2[i];
            }
            derivative(tmp, k3, mu, theta);
            for (int i = 0; i < queueStates; i++) {
                tmp[i] = f[i] + h * k3[i];
            }
            derivative(tmp, k4, mu, theta);
            for (int i = 0; i < queueStates; i++) {
                f[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
            }
        }
        for (int j = 0; j < queueStates; j++) {
            answered += p[agents + j] * f[j];
        }
        return answered;
    }

    private void derivative(double[] f, double[] out, double mu, double theta) {
        double service = agents * mu;
        for (int k = 0; k < f.length; k++) {
            double ahead = k == 0 ? 1 : f[k - 1];
            out[k] = (service + k * theta) * ahead - (service + (k + 1) * theta) * f[k];
        }
    }

    /** Share of agent time spent handling contacts: answered arrivals × AHT / agents. */
    public double occupancy() {
        return arrivalsPerSecond * (1 - pAbandon()) * ahtSeconds / agents;
    }
}
