package org.wardwatch.capture.engine;

import java.nio.ByteBuffer;
import org.wardwatch.capture.decode.DecodedPacket;
import org.wardwatch.capture.flow.FlowView;
import org.wardwatch.model.obs.FlowRecord;

/**
 * What the packet engine tells the layer above it (the protocol analyzers). Called on the engine's
 * thread, in packet order. Views passed in are valid only during the call: copy what you keep.
 *
 * <p>Reassembly is opt-in per flow: {@link #onFlowStart} calls {@link FlowView#requestStream} for
 * the flows whose TCP bytes it wants in order; other TCP flows cost only the flow table.
 */
public interface PacketListener {
    /** A frame that carried no IP flow (ARP, LLDP, CDP, STP, ...): {@code pkt.l3Offset()} points at its payload. */
    default void onFrame(DecodedPacket pkt) {
    }

    /** A new flow; its key and first packet are known. */
    default void onFlowStart(FlowView flow, DecodedPacket first) {
    }

    /**
     * Every packet of a flow with its L4 payload ({@code pkt.payloadOffset()}, {@code pkt.payloadLength()}),
     * for datagram protocols and for analyzers that look at single segments.
     */
    default void onPacket(FlowView flow, DecodedPacket pkt, boolean fromClient) {
    }

    /** In-order TCP bytes of a flow that requested its stream. */
    default void onStreamData(FlowView flow, boolean fromClient, ByteBuffer buf, int offset, int length, long tsNanos) {
    }

    /** A hole of {@code missingBytes} in a stream that will not be filled; later bytes follow. */
    default void onStreamGap(FlowView flow, boolean fromClient, long missingBytes, long tsNanos) {
    }

    /** The flow ended (FIN/RST, timeout, eviction, end of input). The record is final. */
    default void onFlowEnd(FlowView flow, FlowRecord record) {
    }
}
