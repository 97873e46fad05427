package org.wardwatch.capture.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Test helper: every packet of a source, copied out of the reader's buffer. */
record Recs(List<Rec> packets, java.util.Map<String, Long> anomalies) {
    record Rec(long number, long tsNanos, int capLen, int origLen, int linkType, int interfaceId, long fileOffset, byte[] data) {
        boolean sameAs(Rec o) {
            return number == o.number && tsNanos == o.tsNanos && capLen == o.capLen && origLen == o.origLen
                    && linkType == o.linkType && interfaceId == o.interfaceId && fileOffset == o.fileOffset
                    && java.util.Arrays.equals(data, o.data);
        }
    }

    static Recs readAll(PacketSource source) throws IOException {
        try (source) {
            List<Rec> list = new ArrayList<>();
            Packet p = new Packet();
            while (source.next(p)) {
                byte[] data = new byte[p.capLen];
                for (int i = 0; i < p.capLen; i++) {
                    data[i] = p.buf.get(p.offset + i);
                }
                list.add(new Rec(p.number, p.tsNanos, p.capLen, p.origLen, p.linkType, p.interfaceId, p.fileOffset, data));
            }
            return new Recs(list, source.anomalies());
        }
    }

    int size() {
        return packets.size();
    }

    Rec get(int i) {
        return packets.get(i);
    }

    boolean sameAs(Recs o) {
        if (size() != o.size() || !anomalies.equals(o.anomalies)) {
            return false;
        }
        for (int i = 0; i < size(); i++) {
            if (!get(i).sameAs(o.get(i))) {
                return false;
            }
        }
        return true;
    }
}
