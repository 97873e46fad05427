package org.wardwatch.protocols.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.Observation;
import org.wardwatch.protocols.spi.AnalyzerFactory;
import org.wardwatch.protocols.spi.FrameAnalyzer;

/**
 * Drives one analyzer with bytes, outside the packet engine, through the same buffering,
 * caps and lifecycle as the {@link Dispatcher}: for unit tests (split a message at every offset),
 * fuzz targets, and tools.
 *
 * <pre>{@code
 * var h = AnalyzerHarness.forFlow(new Hl7AnalyzerFactory(), 2575);
 * h.client(bytes, 0, 10).client(bytes, 10, bytes.length - 10).end();
 * assertThat(h.observations()).hasSize(1);
 * assertThat(h.confirmed()).isTrue();
 * }</pre>
 */
public final class AnalyzerHarness {
    public static final IpAddress CLIENT_IP = IpAddress.parse("192.0.2.10");
    public static final IpAddress SERVER_IP = IpAddress.parse("192.0.2.20");
    public static final MacAddress CLIENT_MAC = MacAddress.parse("02:00:00:00:00:0a");
    public static final MacAddress SERVER_MAC = MacAddress.parse("02:00:00:00:00:14");

    private final List<Observation> observations = new ArrayList<>();
    private final AnalyzerCounters counters = new AnalyzerCounters();
    private final DispatchContext ctx;
    private final Attachment attachment;
    private final FrameAnalyzer frame;
    private final FlowId flow;
    private final boolean tcp;
    private long tsNanos = 1_700_000_000_000_000_000L;

    private AnalyzerHarness(AnalyzerFactory factory, FrameAnalyzer frame, int serverPort) {
        this.ctx = new DispatchContext(observations::add, counters, a -> { });
        this.frame = frame;
        if (factory != null) {
            this.tcp = factory.transport() == AnalyzerFactory.Transport.TCP;
            this.flow = new FlowId(0, CLIENT_IP, 49152, SERVER_IP, serverPort, tcp ? FlowId.TCP : FlowId.UDP);
            this.attachment = new Attachment(factory, factory.newAnalyzer(), counters);
        } else {
            this.tcp = false;
            this.flow = null;
            this.attachment = null;
        }
    }

    /** A flow analyzer on a flow whose server listens on {@code serverPort}. */
    public static AnalyzerHarness forFlow(AnalyzerFactory factory, int serverPort) {
        return new AnalyzerHarness(factory, null, serverPort);
    }

    /** A frame analyzer (ARP, LLDP, CDP, ICMPv6 ND). */
    public static AnalyzerHarness forFrames(FrameAnalyzer analyzer) {
        return new AnalyzerHarness(null, analyzer, 0);
    }

    /** Sets the packet time of what is fed next. */
    public AnalyzerHarness at(long tsNanos) {
        this.tsNanos = tsNanos;
        return this;
    }

    public AnalyzerHarness client(byte[] data) {
        return feed(true, data, 0, data.length);
    }

    public AnalyzerHarness server(byte[] data) {
        return feed(false, data, 0, data.length);
    }

    public AnalyzerHarness client(byte[] data, int offset, int length) {
        return feed(true, data, offset, length);
    }

    public AnalyzerHarness server(byte[] data, int offset, int length) {
        return feed(false, data, offset, length);
    }

    /** Feeds {@code data} in pieces of {@code chunk} bytes (1 = byte by byte). */
    public AnalyzerHarness feedSplit(boolean fromClient, byte[] data, int chunk) {
        for (int i = 0; i < data.length; i += chunk) {
            feed(fromClient, data, i, Math.min(chunk, data.length - i));
        }
        return this;
    }

    /** One TCP segment's worth of stream bytes, or one UDP datagram. */
    public AnalyzerHarness feed(boolean fromClient, byte[] data, int offset, int length) {
        if (attachment == null) {
            throw new IllegalStateException("a frame harness takes frame(...)");
        }
        if (!attachment.active()) {
            return this;
        }
        ctx.forFlow(tsNanos, flow, CLIENT_MAC, SERVER_MAC, 0, attachment);
        if (tcp) {
            attachment.feedStream(fromClient, data, offset, length, ctx);
        } else {
            byte[] copy = java.util.Arrays.copyOfRange(data, offset, offset + length);
            try {
                attachment.analyzer.onDatagram(fromClient, copy, 0, copy.length, ctx);
            } catch (RuntimeException | StackOverflowError e) {
                ctx.internalError(attachment, e);
            }
        }
        return this;
    }

    /** Stream bytes lost in one direction. */
    public AnalyzerHarness gap(boolean fromClient, long missing) {
        ctx.forFlow(tsNanos, flow, CLIENT_MAC, SERVER_MAC, 0, attachment);
        attachment.gap(fromClient, missing, ctx);
        return this;
    }

    /** A frame's payload after its link header (or an IP packet's L4 bytes for ICMPv6). */
    public AnalyzerHarness frame(byte[] data, MacAddress src, MacAddress dst, IpAddress srcIp, IpAddress dstIp) {
        ctx.forFrame(tsNanos, src, dst, 0, frame.name(), srcIp, dstIp, srcIp == null ? -1 : 255);
        try {
            frame.onFrame(data.clone(), 0, data.length, ctx);
        } catch (RuntimeException | StackOverflowError e) {
            ctx.frameError(frame.name());
        }
        return this;
    }

    /** The flow ends. */
    public AnalyzerHarness end() {
        if (attachment != null && attachment.state != Attachment.DETACHED) {
            ctx.forFlow(tsNanos, flow, CLIENT_MAC, SERVER_MAC, 0, attachment);
            try {
                attachment.analyzer.onEnd(ctx);
            } catch (RuntimeException | StackOverflowError e) {
                ctx.internalError(attachment, e);
            }
        }
        return this;
    }

    public List<Observation> observations() {
        return observations;
    }

    /** Observations of one type. */
    public <T extends Observation> List<T> observations(Class<T> type) {
        return observations.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public Map<String, Long> counters() {
        return counters.snapshot();
    }

    public long counter(String name) {
        return counters.get(name);
    }

    public boolean confirmed() {
        return attachment != null && attachment.confirmed;
    }

    public boolean violated() {
        return attachment != null && attachment.state == Attachment.DETACHED;
    }

    public boolean active() {
        return attachment != null && attachment.active();
    }

    public FlowId flow() {
        return flow;
    }
}
