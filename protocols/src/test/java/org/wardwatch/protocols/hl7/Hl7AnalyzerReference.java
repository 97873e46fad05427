package org.wardwatch.protocols.hl7;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.wardwatch.model.obs.hl7.Hl7DeviceIdentified;
import org.wardwatch.model.obs.hl7.Hl7MessageSeen;
import org.wardwatch.model.obs.hl7.Hl7TlsSeen;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;

/**
 * The analyzer as it was before its segments were read in place (kept as the oracle of
 * {@link Hl7InPlaceParsingAgreementTest}: same observations, byte for byte).
 *
 * <p>Previous documentation:
 * HL7 v2.x messages in ER7 encoding (HL7 v2.5.1 chapter 2) framed by MLLP (HL7 v2.5.1 Appendix C,
 * "Minimal Lower Layer Protocol": 0x0B message 0x1C 0x0D).
 *
 * <p>Streaming: each direction is cut into segments as bytes arrive; a segment is kept only up to
 * {@link #MAX_SEGMENT} bytes (enough for the header fields read) and the rest of it is skipped, so an
 * ORU carrying a 10 MB PDF costs 8 KB. Read: MSH (with its own field separator and encoding
 * characters), MSA, ERR, and the device identifiers of IHE PCD TF-2 (MSH-3/4, OBX-18, PRT-10, PRT-16).
 * Patient segments (PID, NK1, IN1, ...) are named, never read; OBX-5 values are counted, never read.
 * Segment terminators CR, LF or CRLF are all accepted (as Wireshark's dissector does).
 *
 * <p>Known gaps: batch (BHS/FHS) envelopes are read as ordinary segments; escape sequences are not
 * decoded; messages sent without MLLP framing are not read.
 */
final class Hl7AnalyzerReference implements Analyzer {
    static final byte START_BLOCK = 0x0B;
    static final byte END_BLOCK = 0x1C;
    static final int MAX_SEGMENT = 8 * 1024;
    static final long MAX_MESSAGE = 64L << 20;
    static final int MAX_IDENTITIES = 64;
    static final int MAX_SEGMENT_NAMES = 64;
    static final int MAX_VALUE = 128;
    private static final byte[] NO_BYTES = new byte[0];

    /** Segments that carry patient (or guarantor, next-of-kin, insurance) data: HL7 v2.5.1 chapters 3, 6. */
    static final Set<String> PHI_SEGMENTS = Set.of("PID", "PD1", "PDA", "NK1", "GT1", "IN1", "IN2", "IN3", "ACC",
            "AL1", "IAM", "DG1", "DRG", "PR1", "MRG", "PV1", "PV2", "DB1", "ROL", "NTE", "OBX");

    private final Direction client = new Direction(true);
    private final Direction server = new Direction(false);
    private final Set<String> identitiesEmitted = new HashSet<>();
    private boolean confirmed;
    private boolean firstChecked;

    @Override
    public int onStream(boolean fromClient, byte[] data, int offset, int length, AnalyzerContext ctx) {
        if (!firstChecked) {
            if (length < 3) {
                return 0;
            }
            firstChecked = true;
            if (data[offset] == 0x16 && data[offset + 1] == 0x03 && (data[offset + 2] & 0xFF) <= 4) {
                ctx.emit(new Hl7TlsSeen(ctx.ts(), ctx.flow(), ((data[offset + 1] & 0xFF) << 8) | (data[offset + 2] & 0xFF)));
                ctx.confirm();
                ctx.done();
                return length;
            }
        }
        (fromClient ? client : server).feed(data, offset, length, ctx);
        return length;
    }

    @Override
    public void onGap(boolean fromClient, long missingBytes, AnalyzerContext ctx) {
        ctx.anomaly("hl7_stream_gap");
        (fromClient ? client : server).lose(ctx);
    }

    @Override
    public void onEnd(AnalyzerContext ctx) {
        client.flushUnterminated(ctx);
        server.flushUnterminated(ctx);
    }

    private final class Direction {
        private final boolean fromClient;
        private boolean inMessage;
        private boolean outsideReported;
        /** Grown on demand up to {@link #MAX_SEGMENT}: a direction that sends nothing holds nothing. */
        private byte[] segment = NO_BYTES;
        private int segmentLen;
        private boolean segmentTruncated;
        private long messageBytes;
        private Message message;

        Direction(boolean fromClient) {
            this.fromClient = fromClient;
        }

        void feed(byte[] b, int off, int len, AnalyzerContext ctx) {
            int pos = off, end = off + len;
            while (pos < end) {
                if (!inMessage) {
                    // between frames: find the next start block
                    int start = pos;
                    while (pos < end && b[pos] != START_BLOCK) {
                        pos++;
                    }
                    if (pos > start && !onlyWhitespace(b, start, pos)) {
                        if (!confirmed) {
                            ctx.violation("no MLLP start block");
                            return;
                        }
                        if (!outsideReported) {
                            outsideReported = true;
                            ctx.anomaly("hl7_bytes_outside_frame");
                        }
                    }
                    if (pos < end) {
                        pos++;
                        inMessage = true;
                        message = new Message();
                        messageBytes = 0;
                        segmentLen = 0;
                        segmentTruncated = false;
                    }
                    continue;
                }
                int run = ordinaryRun(b, pos, end);
                if (run > 0) {
                    appendRun(b, pos, run);
                    messageBytes += run;
                    pos += run;
                    continue;
                }
                byte c = b[pos++];
                messageBytes++;
                if (c == END_BLOCK) {
                    endSegment(ctx);
                    finishMessage(ctx);
                    inMessage = false;
                    continue;
                }
                if (c == '\r' || c == '\n') {
                    endSegment(ctx);
                    continue;
                }
                if (c == START_BLOCK) {
                    // a new frame starts before the old one ended
                    ctx.anomaly("hl7_missing_end_block");
                    endSegment(ctx);
                    finishMessage(ctx);
                    message = new Message();
                    messageBytes = 0;
                    continue;
                }
                if (segmentLen < MAX_SEGMENT) {
                    if (segmentLen == segment.length) {
                        segment = java.util.Arrays.copyOf(segment, Math.min(MAX_SEGMENT, Math.max(256, segmentLen * 2)));
                    }
                    segment[segmentLen++] = c;
                } else {
                    segmentTruncated = true;
                }
                if (messageBytes > MAX_MESSAGE) {
                    ctx.anomaly("hl7_message_too_long");
                    endSegment(ctx);
                    finishMessage(ctx);
                    inMessage = false;
                }
            }
        }

        /**
         * Length of the run of bytes from {@code pos} that are plain segment text (no frame or segment
         * delimiter) and keep the message within {@link #MAX_MESSAGE}: handled in one go.
         */
        private int ordinaryRun(byte[] b, int pos, int end) {
            int limit = (int) Math.min(end, pos + Math.max(0, MAX_MESSAGE - messageBytes));
            int i = pos;
            while (i < limit) {
                byte c = b[i];
                if (c == END_BLOCK || c == '\r' || c == '\n' || c == START_BLOCK) {
                    break;
                }
                i++;
            }
            return i - pos;
        }

        private void appendRun(byte[] b, int pos, int n) {
            int k = Math.min(n, MAX_SEGMENT - segmentLen);
            if (k > 0) {
                if (segmentLen + k > segment.length) {
                    segment = java.util.Arrays.copyOf(segment,
                            Math.min(MAX_SEGMENT, Math.max(Math.max(256, segment.length * 2), segmentLen + k)));
                }
                System.arraycopy(b, pos, segment, segmentLen, k);
                segmentLen += k;
            }
            if (n > k) {
                segmentTruncated = true;
            }
        }

        void lose(AnalyzerContext ctx) {
            if (inMessage) {
                ctx.anomaly("hl7_message_incomplete");
                finishMessage(ctx);
                inMessage = false;
            }
        }

        void flushUnterminated(AnalyzerContext ctx) {
            if (inMessage) {
                ctx.anomaly("hl7_unterminated_message");
                endSegment(ctx);
                finishMessage(ctx);
                inMessage = false;
            }
        }

        private void endSegment(AnalyzerContext ctx) {
            if (segmentLen == 0) {
                return;
            }
            if (segmentTruncated) {
                message.truncatedSegments++;
            }
            message.segment(segment, segmentLen, ctx);
            segmentLen = 0;
            segmentTruncated = false;
        }

        private void finishMessage(AnalyzerContext ctx) {
            Message m = message;
            message = null;
            if (m == null || m.segmentCount == 0) {
                return;
            }
            if (!m.hasMsh) {
                if (!confirmed) {
                    ctx.violation("MLLP frame without MSH");
                } else {
                    ctx.anomaly("hl7_missing_msh");
                }
                return;
            }
            if (!confirmed) {
                confirmed = true;
                ctx.confirm();
            }
            ctx.emit(new Hl7MessageSeen(ctx.ts(), ctx.flow(), fromClient, m.msh[3], m.msh[4], m.msh[5], m.msh[6],
                    m.messageType, m.triggerEvent, m.messageStructure, m.msh[10], m.msh[11], m.msh[12], m.msh[21],
                    new ArrayList<>(m.segmentNames), m.segmentCount, m.ackCode, m.ackControlId, m.errorCodes,
                    new ArrayList<>(m.phiSegments), m.observationValues));
            for (String[] id : m.deviceIds) {
                String key = fromClient + "\u0000" + id[0] + "\u0000" + id[1];
                if (identitiesEmitted.size() < MAX_IDENTITIES && identitiesEmitted.add(key)) {
                    ctx.emit(new Hl7DeviceIdentified(ctx.ts(), ctx.flow(), fromClient, id[0], id[1], id[2], id[3], id[4],
                            m.messageType));
                }
            }
        }
    }

    private static boolean onlyWhitespace(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != '\r' && b[i] != '\n' && b[i] != ' ' && b[i] != '\t' && b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** What one message showed, built segment by segment. */
    static final class Message {
        boolean hasMsh;
        char fieldSep = '|';
        char componentSep = '^';
        char repetitionSep = '~';
        char subcomponentSep = '&';
        /** MSH-n at index n (1..21) as text; only the fields reported are filled. */
        final String[] msh = new String[22];
        String messageType;
        String triggerEvent;
        String messageStructure;
        String ackCode;
        String ackControlId;
        final List<String> errorCodes = new ArrayList<>();
        final LinkedHashSet<String> segmentNames = new LinkedHashSet<>();
        final LinkedHashSet<String> phiSegments = new LinkedHashSet<>();
        int segmentCount;
        int observationValues;
        int truncatedSegments;
        /** {field, identifier, entity/namespace, universal id, type}. */
        final List<String[]> deviceIds = new ArrayList<>();

        void segment(byte[] s, int len, AnalyzerContext ctx) {
            if (len < 3) {
                ctx.anomaly("hl7_segment_too_short");
                return;
            }
            String name = new String(s, 0, 3, StandardCharsets.ISO_8859_1);
            boolean validName = isSegmentName(s);
            if (segmentCount == 0) {
                if (name.equals("MSH") || name.equals("BHS") || name.equals("FHS")) {
                    if (len < 8) {
                        ctx.anomaly("hl7_msh_too_short");
                        segmentCount++;
                        return;
                    }
                    if (name.equals("MSH")) {
                        hasMsh = true;
                        readMsh(s, len);
                    }
                } else {
                    segmentCount++;
                    return; // not a message: the caller decides
                }
            } else if (!validName) {
                ctx.anomaly("hl7_bad_segment_name");
                segmentCount++;
                return;
            } else if (name.equals("MSH") && !hasMsh) {
                hasMsh = true;
                readMsh(s, len);
            }
            segmentCount++;
            if (segmentNames.size() < MAX_SEGMENT_NAMES) {
                segmentNames.add(name);
            }
            switch (name) {
                case "MSA" -> {
                    List<String> f = fields(s, len, 3);
                    ackCode = value(f, 1);
                    ackControlId = value(f, 2);
                }
                case "ERR" -> {
                    List<String> f = fields(s, len, 4);
                    String v25 = firstComponent(value(f, 3));
                    String v23 = component(value(f, 1), 3);
                    String code = v25 != null ? v25 : firstSubcomponent(v23);
                    if (code != null && errorCodes.size() < 8) {
                        errorCodes.add(code);
                    }
                }
                case "OBX" -> {
                    List<String> f = fields(s, len, 18);
                    if (f.size() > 5 && !f.get(5).isEmpty()) {
                        observationValues++;
                        phiSegments.add("OBX");
                    }
                    // OBX-18 equipment instance identifier (EI), repeatable
                    deviceIds("OBX-18", value(f, 18), true);
                }
                case "PRT" -> {
                    List<String> f = fields(s, len, 16);
                    deviceIds("PRT-10", value(f, 10), true);
                    deviceIds("PRT-16", value(f, 16), false);
                }
                default -> {
                    if (PHI_SEGMENTS.contains(name) && !name.equals("OBX")) {
                        phiSegments.add(name);
                    }
                }
            }
        }

        private void readMsh(byte[] s, int len) {
            fieldSep = (char) (s[3] & 0xFF);
            // MSH-2: component, repetition, escape, subcomponent (and v2.7 truncation) characters
            int i = 4;
            char[] enc = new char[4];
            int n = 0;
            while (i < len && s[i] != fieldSep && n < 4) {
                enc[n++] = (char) (s[i] & 0xFF);
                i++;
            }
            if (n >= 1) {
                componentSep = enc[0];
            }
            if (n >= 2) {
                repetitionSep = enc[1];
            }
            if (n >= 4) {
                subcomponentSep = enc[3];
            }
            List<String> f = fields(s, len, 21);
            // f.get(0) = "MSH", f.get(1) = MSH-2; MSH-n = f.get(n - 1)
            for (int field = 3; field <= 21; field++) {
                String v = f.size() > field - 1 ? clean(f.get(field - 1)) : null;
                msh[field] = v;
            }
            String type = msh[9];
            msh[9] = null;
            messageType = firstComponent(type);
            triggerEvent = component(type, 1);
            messageStructure = component(type, 2);
            for (int field : new int[] {3, 4}) {
                String v = msh[field];
                if (v != null) {
                    addId("MSH-" + field, firstRepetition(v), false);
                }
            }
        }

        private void deviceIds(String field, String value, boolean entityFirst) {
            if (value == null) {
                return;
            }
            for (String rep : split(value, repetitionSep)) {
                addId(field, rep, entityFirst);
            }
        }

        /**
         * HD (MSH-3/4): namespace^universal id^type. EI (OBX-18, PRT-10): entity id^namespace^universal
         * id^type, where the entity id is the device's own identifier (e.g. an EUI-64).
         */
        private void addId(String field, String id, boolean entityFirst) {
            String v = clean(id);
            if (v == null || deviceIds.size() >= 16) {
                return;
            }
            List<String> c = split(v, componentSep);
            String first = clean(c.isEmpty() ? null : c.get(0));
            String universal = clean(c.size() > (entityFirst ? 2 : 1) ? c.get(entityFirst ? 2 : 1) : null);
            String type = clean(c.size() > (entityFirst ? 3 : 2) ? c.get(entityFirst ? 3 : 2) : null);
            deviceIds.add(new String[] {field, v, first, universal, type});
        }

        /** The first {@code max + 1} fields of a segment, split on the field separator (f[0] = segment name). */
        private List<String> fields(byte[] s, int len, int max) {
            List<String> out = new ArrayList<>();
            int start = 0;
            for (int i = 0; i <= len && out.size() <= max; i++) {
                if (i == len || s[i] == fieldSep) {
                    out.add(new String(s, start, i - start, StandardCharsets.ISO_8859_1));
                    start = i + 1;
                }
            }
            return out;
        }

        private String value(List<String> f, int n) {
            return f.size() > n ? clean(f.get(n)) : null;
        }

        private String firstComponent(String v) {
            return component(v, 0);
        }

        private String component(String v, int index) {
            if (v == null) {
                return null;
            }
            List<String> c = split(v, componentSep);
            return c.size() > index ? clean(c.get(index)) : null;
        }

        private String firstSubcomponent(String v) {
            if (v == null) {
                return null;
            }
            int i = v.indexOf(subcomponentSep);
            return clean(i < 0 ? v : v.substring(0, i));
        }

        private String firstRepetition(String v) {
            int i = v.indexOf(repetitionSep);
            return i < 0 ? v : v.substring(0, i);
        }

        private static List<String> split(String v, char sep) {
            List<String> out = new ArrayList<>();
            int start = 0;
            for (int i = 0; i <= v.length(); i++) {
                if (i == v.length() || v.charAt(i) == sep) {
                    out.add(v.substring(start, i));
                    start = i + 1;
                    if (out.size() >= 32) {
                        break;
                    }
                }
            }
            return out;
        }

        /** Trimmed, printable, at most {@link #MAX_VALUE} characters; null when empty. */
        static String clean(String v) {
            if (v == null) {
                return null;
            }
            String t = v.strip();
            if (t.isEmpty()) {
                return null;
            }
            StringBuilder sb = new StringBuilder(Math.min(t.length(), MAX_VALUE));
            for (int i = 0; i < t.length() && sb.length() < MAX_VALUE; i++) {
                char c = t.charAt(i);
                sb.append(c < 0x20 || c == 0x7F ? '?' : c);
            }
            return sb.toString();
        }

        private static boolean isSegmentName(byte[] s) {
            for (int i = 0; i < 3; i++) {
                byte c = s[i];
                if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                    return false;
                }
            }
            return true;
        }
    }
}
