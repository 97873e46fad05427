package org.wardwatch.protocols.nettest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.Observation;
import org.wardwatch.protocols.spi.FrameContext;

/** A context that records what an analyzer did, for tests that feed bytes directly. */
public final class RecordingContext implements FrameContext {
    public long tsNanos = 1_700_000_000_000_000_000L;
    public FlowId flow;
    public MacAddress clientMac;
    public MacAddress serverMac;
    public int vlan;
    public IpAddress srcIp;
    public IpAddress dstIp;
    public int ttl = -1;
    public final List<Observation> observations = new ArrayList<>();
    public final Map<String, Integer> anomalies = new TreeMap<>();
    public int confirms;
    public final List<String> violations = new ArrayList<>();
    public boolean done;

    public static RecordingContext forFlow(int protocol, String client, int clientPort, String server, int serverPort) {
        RecordingContext c = new RecordingContext();
        c.flow = new FlowId(0, IpAddress.parse(client), clientPort, IpAddress.parse(server), serverPort, protocol);
        return c;
    }

    @Override
    public long tsNanos() {
        return tsNanos;
    }

    @Override
    public FlowId flow() {
        return flow;
    }

    @Override
    public MacAddress clientMac() {
        return clientMac;
    }

    @Override
    public MacAddress serverMac() {
        return serverMac;
    }

    @Override
    public int vlan() {
        return vlan;
    }

    @Override
    public void emit(Observation observation) {
        observations.add(observation);
    }

    @Override
    public void anomaly(String name) {
        anomalies.merge(name, 1, Integer::sum);
    }

    @Override
    public void confirm() {
        confirms++;
    }

    @Override
    public void violation(String reason) {
        violations.add(reason);
    }

    @Override
    public void done() {
        done = true;
    }

    @Override
    public IpAddress srcIp() {
        return srcIp;
    }

    @Override
    public IpAddress dstIp() {
        return dstIp;
    }

    @Override
    public int ttl() {
        return ttl;
    }

    public <T extends Observation> List<T> of(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Observation o : observations) {
            if (type.isInstance(o)) {
                out.add(type.cast(o));
            }
        }
        return out;
    }
}
