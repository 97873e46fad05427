package org.wardwatch.protocols.infratest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.wardwatch.capture.source.CaptureFiles;
import org.wardwatch.capture.source.Packet;
import org.wardwatch.capture.source.PacketSource;
import org.wardwatch.model.MacAddress;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;
import org.wardwatch.protocols.spi.FrameAnalyzer;

/**
 * Feeds the Ethernet frames of a capture to a frame analyzer through the {@link AnalyzerHarness}: the
 * Ethernet II / 802.3 header and 802.1Q tags are taken off here (the packet engine's job in the
 * product) and the analyzer gets the bytes after them, with etherType 0 for an 802.3 length field.
 */
public final class Frames {
    private Frames() {
    }

    public static AnalyzerHarness replay(Path capture, FrameAnalyzer analyzer) {
        AnalyzerHarness h = AnalyzerHarness.forFrames(analyzer);
        try (PacketSource src = CaptureFiles.open(capture)) {
            Packet p = new Packet();
            while (src.next(p)) {
                if (p.linkType != 1 || p.capLen < 14) {
                    continue;
                }
                byte[] f = new byte[p.capLen];
                p.buf.get(p.offset, f);
                int off = 12;
                int type = ((f[off] & 0xFF) << 8) | (f[off + 1] & 0xFF);
                while ((type == 0x8100 || type == 0x88a8) && off + 6 <= f.length) {
                    off += 4;
                    type = ((f[off] & 0xFF) << 8) | (f[off + 1] & 0xFF);
                }
                off += 2;
                int etherType = type <= 1500 ? 0 : type;
                if (!analyzer.accepts(etherType, -1)) {
                    continue;
                }
                byte[] payload = java.util.Arrays.copyOfRange(f, off, etherType == 0 ? Math.min(f.length, off + type) : f.length);
                h.at(p.tsNanos).frame(payload, MacAddress.of(f, 6), MacAddress.of(f, 0), null, null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return h;
    }
}
