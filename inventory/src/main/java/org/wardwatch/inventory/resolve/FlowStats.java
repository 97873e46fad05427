package org.wardwatch.inventory.resolve;

import java.time.Instant;
import java.util.Arrays;

/**
 * What a device's flows look like, in constant memory: counts, volumes, capped sets of peers and
 * ports (saturating at their cap), and the regularity of the flows it starts. The behaviour
 * classifier reads these as features.
 */
public final class FlowStats {
    static final int PEER_CAP = 32;
    static final int PORT_CAP = 24;

    long flowsAsClient;
    long flowsAsServer;
    long bytesOut;
    long bytesIn;
    long packetsOut;
    long packetsIn;
    long tcpFlows;
    long udpFlows;
    long externalFlows;
    long multicastFlows;
    long unansweredFlows;
    private final long[] peers = new long[PEER_CAP];
    private int peerCount;
    private final int[] dstPorts = new int[PORT_CAP];
    private int dstPortCount;
    // inter-start times of the flows this device opened (Welford)
    private long lastStartMillis = Long.MIN_VALUE;
    long intervals;
    double intervalMean;
    double intervalM2;
    long firstMillis = Long.MAX_VALUE;
    long lastMillis = Long.MIN_VALUE;

    void time(Instant first, Instant last) {
        if (first != null) {
            firstMillis = Math.min(firstMillis, first.toEpochMilli());
        }
        if (last != null) {
            lastMillis = Math.max(lastMillis, last.toEpochMilli());
        }
    }

    void peer(long peerKey) {
        for (int i = 0; i < peerCount; i++) {
            if (peers[i] == peerKey) {
                return;
            }
        }
        if (peerCount < PEER_CAP) {
            peers[peerCount++] = peerKey;
        }
    }

    void dstPort(int port) {
        for (int i = 0; i < dstPortCount; i++) {
            if (dstPorts[i] == port) {
                return;
            }
        }
        if (dstPortCount < PORT_CAP) {
            dstPorts[dstPortCount++] = port;
        }
    }

    void started(Instant start) {
        if (start == null) {
            return;
        }
        long t = start.toEpochMilli();
        if (lastStartMillis != Long.MIN_VALUE && t >= lastStartMillis) {
            double d = (t - lastStartMillis) / 1000.0;
            intervals++;
            double delta = d - intervalMean;
            intervalMean += delta / intervals;
            intervalM2 += delta * (d - intervalMean);
        }
        lastStartMillis = Math.max(lastStartMillis, t);
    }

    public long flowsAsClient() {
        return flowsAsClient;
    }

    public long flowsAsServer() {
        return flowsAsServer;
    }

    public long bytesOut() {
        return bytesOut;
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long tcpFlows() {
        return tcpFlows;
    }

    public long udpFlows() {
        return udpFlows;
    }

    public long externalFlows() {
        return externalFlows;
    }

    public long multicastFlows() {
        return multicastFlows;
    }

    public long unansweredFlows() {
        return unansweredFlows;
    }

    public int peerCount() {
        return peerCount;
    }

    public int dstPortCount() {
        return dstPortCount;
    }

    public int[] dstPorts() {
        return Arrays.copyOf(dstPorts, dstPortCount);
    }

    public long flows() {
        return flowsAsClient + flowsAsServer;
    }

    /** Coefficient of variation of the intervals between flows the device started (0 = clockwork); -1 when fewer than 3. */
    public double intervalCv() {
        if (intervals < 3 || intervalMean <= 0) {
            return -1;
        }
        return Math.sqrt(intervalM2 / (intervals - 1)) / intervalMean;
    }

    public double durationSeconds() {
        return lastMillis >= firstMillis ? (lastMillis - firstMillis) / 1000.0 : 0;
    }

    void mergeFrom(FlowStats o) {
        flowsAsClient += o.flowsAsClient;
        flowsAsServer += o.flowsAsServer;
        bytesOut += o.bytesOut;
        bytesIn += o.bytesIn;
        packetsOut += o.packetsOut;
        packetsIn += o.packetsIn;
        tcpFlows += o.tcpFlows;
        udpFlows += o.udpFlows;
        externalFlows += o.externalFlows;
        multicastFlows += o.multicastFlows;
        unansweredFlows += o.unansweredFlows;
        for (int i = 0; i < o.peerCount; i++) {
            peer(o.peers[i]);
        }
        for (int i = 0; i < o.dstPortCount; i++) {
            dstPort(o.dstPorts[i]);
        }
        if (o.intervals > 0) {
            long n = intervals + o.intervals;
            double delta = o.intervalMean - intervalMean;
            intervalM2 = intervalM2 + o.intervalM2 + delta * delta * intervals * o.intervals / n;
            intervalMean = (intervalMean * intervals + o.intervalMean * o.intervals) / n;
            intervals = n;
        }
        firstMillis = Math.min(firstMillis, o.firstMillis);
        lastMillis = Math.max(lastMillis, o.lastMillis);
    }
}
