package org.wardwatch.protocols.dispatch;

import java.util.function.Consumer;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.Observation;
import org.wardwatch.protocols.spi.FrameContext;

/**
 * The one context object the dispatcher re-points before every analyzer call: no allocation per
 * message. Analyzers see it through {@link org.wardwatch.protocols.spi.AnalyzerContext}.
 */
final class DispatchContext implements FrameContext {
    /** Receives lifecycle changes of the current attachment. */
    interface Lifecycle {
        void confirmed(Attachment a);
    }

    private final Consumer<Observation> sink;
    private final AnalyzerCounters counters;
    private final Lifecycle lifecycle;
    private long tsNanos;
    private FlowId flow;
    private MacAddress clientMac;
    private MacAddress serverMac;
    /** The dispatcher's flow state, whose MAC address objects are made only when an analyzer asks (most never do). */
    private Dispatcher.FlowState state;
    private int vlan;
    private Attachment current;
    private String frameAnalyzer;
    private IpAddress srcIp;
    private IpAddress dstIp;
    private int ttl = -1;
    private long emitted;

    DispatchContext(Consumer<Observation> sink, AnalyzerCounters counters, Lifecycle lifecycle) {
        this.sink = sink;
        this.counters = counters;
        this.lifecycle = lifecycle;
    }

    void forFlow(long tsNanos, FlowId flow, Dispatcher.FlowState state, Attachment a) {
        forFlow(tsNanos, flow, null, null, state.vlan, a);
        this.state = state;
    }

    void forFlow(long tsNanos, FlowId flow, MacAddress clientMac, MacAddress serverMac, int vlan, Attachment a) {
        this.tsNanos = tsNanos;
        this.flow = flow;
        this.state = null;
        this.clientMac = clientMac;
        this.serverMac = serverMac;
        this.vlan = vlan;
        this.current = a;
        this.frameAnalyzer = null;
        this.srcIp = this.dstIp = null;
        this.ttl = -1;
    }

    void forFrame(long tsNanos, MacAddress src, MacAddress dst, int vlan, String analyzer, IpAddress srcIp, IpAddress dstIp, int ttl) {
        this.tsNanos = tsNanos;
        this.flow = null;
        this.state = null;
        this.clientMac = src;
        this.serverMac = dst;
        this.vlan = vlan;
        this.current = null;
        this.frameAnalyzer = analyzer;
        this.srcIp = srcIp;
        this.dstIp = dstIp;
        this.ttl = ttl;
    }

    void attachment(Attachment a) {
        this.current = a;
    }

    AnalyzerCounters counters() {
        return counters;
    }

    long emitted() {
        return emitted;
    }

    private String name() {
        return current != null ? current.factory.name() : frameAnalyzer;
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
        return state != null ? state.clientMac() : clientMac;
    }

    @Override
    public MacAddress serverMac() {
        return state != null ? state.serverMac() : serverMac;
    }

    @Override
    public int vlan() {
        return vlan;
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

    @Override
    public void emit(Observation observation) {
        if (observation == null) {
            return;
        }
        emitted++;
        sink.accept(observation);
    }

    @Override
    public void anomaly(String name) {
        counters.inc(name);
    }

    @Override
    public void confirm() {
        if (current != null && !current.confirmed) {
            current.confirmed = true;
            current.confirmedCount[0]++;
            lifecycle.confirmed(current);
        }
    }

    @Override
    public void violation(String reason) {
        if (current != null && current.state == Attachment.ACTIVE) {
            current.violationCount[0]++;
            current.state = Attachment.DETACHED;
        } else if (frameAnalyzer != null) {
            counters.inc(frameAnalyzer + "_violation");
        }
    }

    @Override
    public void done() {
        if (current != null && current.state == Attachment.ACTIVE) {
            current.state = Attachment.DONE;
        }
    }

    void detach(Attachment a) {
        a.state = Attachment.DETACHED;
    }

    void internalError(Attachment a, Throwable e) {
        // The exception text may quote wire bytes (patient data): count it, never print it.
        counters.inc(a.factory.name() + "_internal_error");
        a.state = Attachment.DETACHED;
    }

    void frameError(String analyzer) {
        counters.inc(analyzer + "_internal_error");
    }

    String currentName() {
        return name();
    }
}
