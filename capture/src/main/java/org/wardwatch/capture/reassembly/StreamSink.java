package org.wardwatch.capture.reassembly;

import java.nio.ByteBuffer;
import org.wardwatch.capture.flow.FlowView;

/** Where a {@link StreamReassembler} delivers ordered bytes and holes (the engine forwards them to its listener). */
public interface StreamSink {
    /** In-order bytes {@code buf[offset, offset + length)} of one direction; valid during the call only. */
    void onStreamData(FlowView flow, boolean fromClient, ByteBuffer buf, int offset, int length, long tsNanos);

    /** {@code missingBytes} of one direction that will not be delivered; later bytes follow. */
    void onStreamGap(FlowView flow, boolean fromClient, long missingBytes, long tsNanos);
}
