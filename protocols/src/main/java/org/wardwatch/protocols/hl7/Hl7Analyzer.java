package org.wardwatch.protocols.hl7;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.wardwatch.model.obs.hl7.Hl7DeviceIdentified;
import org.wardwatch.model.obs.hl7.Hl7MessageSeen;
import org.wardwatch.model.obs.hl7.Hl7TlsSeen;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;

/**
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
public final class Hl7Analyzer implements Analyzer {
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
    private final Identities identitiesEmitted = new Identities();
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
        /** The message being read, null between messages; {@link #reusable} reset for each message. */
        private Message message;
        private Message reusable;
        /** The lists of the last message emitted, given again when the next message has the same ones. */
        private final NameList lastSegments = new NameList();
        private final NameList lastPhiSegments = new NameList();

        Direction(boolean fromClient) {
            this.fromClient = fromClient;
        }

        private Message startMessage() {
            if (reusable == null) {
                reusable = new Message(fromClient, identitiesEmitted);
            }
            reusable.reset();
            return reusable;
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
                        message = startMessage();
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
                    message = startMessage();
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
            List<String> segments = lastSegments.of(m.segmentNameCodes, m.segmentNameCount);
            List<String> phiSegments = lastPhiSegments.of(m.phiCodes, m.phiCount);
            String[] h = m.msh;
            ctx.emit(new Hl7MessageSeen(ctx.ts(), ctx.flow(), fromClient, h[Message.SENDING_APPLICATION],
                    h[Message.SENDING_FACILITY], h[Message.RECEIVING_APPLICATION], h[Message.RECEIVING_FACILITY],
                    h[Message.MESSAGE_TYPE], h[Message.TRIGGER_EVENT], h[Message.MESSAGE_STRUCTURE], h[Message.CONTROL_ID],
                    h[Message.PROCESSING_ID], h[Message.VERSION], h[Message.MESSAGE_PROFILE], segments, m.segmentCount,
                    m.ackCode, m.ackControlId, m.errorCodes == null ? List.of() : m.errorCodes, phiSegments,
                    m.observationValues));
            for (String[] id : m.deviceIds) {
                if (identitiesEmitted.size() < MAX_IDENTITIES && identitiesEmitted.add(fromClient, id[0], id[1])) {
                    ctx.emit(new Hl7DeviceIdentified(ctx.ts(), ctx.flow(), fromClient, id[0], id[1], id[2], id[3], id[4],
                            h[Message.MESSAGE_TYPE]));
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

    /**
     * The (direction, field, identifier) triples already reported on this flow, at most {@link #MAX_IDENTITIES}.
     * Looked up in place: an identifier on the wire is compared with the reported ones before any String is
     * made for it.
     */
    static final class Identities {
        private final String[] identifiers = new String[MAX_IDENTITIES];
        private final String[] fields = new String[MAX_IDENTITIES];
        private final boolean[] directions = new boolean[MAX_IDENTITIES];
        private int size;

        int size() {
            return size;
        }

        /** Adds the triple (the caller keeps to {@link #MAX_IDENTITIES}); false when it was there already. */
        boolean add(boolean fromClient, String field, String identifier) {
            for (int i = 0; i < size; i++) {
                if (directions[i] == fromClient && fields[i].equals(field) && identifiers[i].equals(identifier)) {
                    return false;
                }
            }
            identifiers[size] = identifier;
            fields[size] = field;
            directions[size] = fromClient;
            size++;
            return true;
        }

        /** Whether the triple, with the identifier as segment text {@code s[from, to)} shown cleaned, is here. */
        boolean contains(boolean fromClient, String field, byte[] s, int from, int to) {
            for (int i = 0; i < size; i++) {
                if (directions[i] == fromClient && fields[i].equals(field) && Message.sameText(identifiers[i], s, from, to)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The segment names of the last message of a direction: the same list is given again while messages
     * keep the same names (the record keeps an immutable list as it is).
     */
    static final class NameList {
        private int[] codes = new int[0];
        private List<String> names = List.of();

        List<String> of(int[] newCodes, int count) {
            if (!Arrays.equals(codes, 0, codes.length, newCodes, 0, count)) {
                codes = Arrays.copyOf(newCodes, count);
                names = names(codes);
            }
            return names;
        }

        /** Names of segment codes (3 bytes in an int). */
        private static List<String> names(int[] codes) {
            String[] names = new String[codes.length];
            for (int i = 0; i < codes.length; i++) {
                int c = codes[i];
                names[i] = new String(new byte[] {(byte) (c >>> 16), (byte) (c >>> 8), (byte) c}, StandardCharsets.ISO_8859_1);
            }
            return List.of(names);
        }
    }

    /**
     * What one message showed, built segment by segment; one per direction, reset for each message.
     *
     * <p>Segments are read in place: field, component and repetition boundaries are byte offsets into the
     * segment, and a String is made only for a value the observations carry. A value is the {@link #clean}
     * text of its bytes: trimmed, control characters shown as '?', at most {@link #MAX_VALUE} characters;
     * components and repetitions are cut from that cleaned text (so a separator that is a control character
     * is looked for as '?'), then trimmed again. Offsets travel as one long ({@link #range}), -1 for none.
     */
    static final class Message {
        private static final long NONE = -1L;
        private static final int MSH = code('M', 'S', 'H');
        private static final int BHS = code('B', 'H', 'S');
        private static final int FHS = code('F', 'H', 'S');
        private static final int MSA = code('M', 'S', 'A');
        private static final int ERR = code('E', 'R', 'R');
        private static final int OBX = code('O', 'B', 'X');
        private static final int PRT = code('P', 'R', 'T');
        private static final int[] PHI_CODES = phiCodes();
        private static final int MAX_FIELDS = 22;

        static final int SENDING_APPLICATION = 0, SENDING_FACILITY = 1, RECEIVING_APPLICATION = 2, RECEIVING_FACILITY = 3,
                MESSAGE_TYPE = 4, TRIGGER_EVENT = 5, MESSAGE_STRUCTURE = 6, CONTROL_ID = 7, PROCESSING_ID = 8, VERSION = 9,
                MESSAGE_PROFILE = 10, MSH_SLOTS = 11;
        /** Per slot: the MSH field (MSH-n is field n - 1 of the split segment) and component (-1: all of it). */
        private static final int[] SLOT_FIELD = {2, 3, 4, 5, 8, 8, 8, 9, 10, 11, 20};
        private static final int[] SLOT_COMPONENT = {-1, -1, -1, -1, 0, 1, 2, -1, -1, -1, -1};

        private final boolean fromClient;
        private final Identities identitiesEmitted;

        boolean hasMsh;
        char fieldSep;
        char componentSep;
        char repetitionSep;
        char subcomponentSep;
        /** MSH values by slot ({@link #SENDING_APPLICATION}...); null when absent. */
        final String[] msh = new String[MSH_SLOTS];
        String ackCode;
        String ackControlId;
        /** Null until the first error code. */
        List<String> errorCodes;
        /** Distinct segment names (3 bytes as an int) in order of first appearance. */
        final int[] segmentNameCodes = new int[MAX_SEGMENT_NAMES];
        int segmentNameCount;
        final int[] phiCodes = new int[PHI_CODES.length];
        int phiCount;
        int segmentCount;
        int observationValues;
        int truncatedSegments;
        /** Identifier slots used (at most 16 per message), whether or not the identifier needed Strings. */
        private int deviceIdSlots;
        /** {field, identifier, entity/namespace, universal id, type} of identifiers not reported yet. */
        final List<String[]> deviceIds = new ArrayList<>();

        /** The segment being read and its first fields (f[0] = segment name). */
        private byte[] s;
        private final int[] fieldStart = new int[MAX_FIELDS];
        private final int[] fieldEnd = new int[MAX_FIELDS];
        private int fieldCount;
        /** The MSH values of the previous message of this direction, given again when unchanged. */
        private final String[] previous = new String[MSH_SLOTS];
        private byte[] scratch = new byte[MAX_VALUE];

        Message(boolean fromClient, Identities identitiesEmitted) {
            this.fromClient = fromClient;
            this.identitiesEmitted = identitiesEmitted;
        }

        void reset() {
            hasMsh = false;
            fieldSep = '|';
            componentSep = '^';
            repetitionSep = '~';
            subcomponentSep = '&';
            Arrays.fill(msh, null);
            ackCode = null;
            ackControlId = null;
            errorCodes = null;
            segmentNameCount = 0;
            phiCount = 0;
            segmentCount = 0;
            observationValues = 0;
            truncatedSegments = 0;
            deviceIdSlots = 0;
            deviceIds.clear();
            s = null;
        }

        void segment(byte[] seg, int len, AnalyzerContext ctx) {
            if (len < 3) {
                ctx.anomaly("hl7_segment_too_short");
                return;
            }
            s = seg;
            int name = code(seg[0], seg[1], seg[2]);
            boolean validName = isSegmentName(seg);
            if (segmentCount == 0) {
                if (name == MSH || name == BHS || name == FHS) {
                    if (len < 8) {
                        ctx.anomaly("hl7_msh_too_short");
                        segmentCount++;
                        return;
                    }
                    if (name == MSH) {
                        hasMsh = true;
                        readMsh(len);
                    }
                } else {
                    segmentCount++;
                    return; // not a message: the caller decides
                }
            } else if (!validName) {
                ctx.anomaly("hl7_bad_segment_name");
                segmentCount++;
                return;
            } else if (name == MSH && !hasMsh) {
                hasMsh = true;
                readMsh(len);
            }
            segmentCount++;
            if (segmentNameCount < MAX_SEGMENT_NAMES && indexOf(segmentNameCodes, segmentNameCount, name) < 0) {
                segmentNameCodes[segmentNameCount++] = name;
            }
            if (name == MSA) {
                acknowledgment(len);
            } else if (name == ERR) {
                error(len);
            } else if (name == OBX) {
                splitFields(len, 18);
                if (fieldCount > 5 && fieldEnd[5] > fieldStart[5]) {
                    observationValues++;
                    phi(OBX);
                }
                // OBX-18 equipment instance identifier (EI), repeatable
                deviceIds("OBX-18", clean(field(18)), true);
            } else if (name == PRT) {
                splitFields(len, 16);
                deviceIds("PRT-10", clean(field(10)), true);
                deviceIds("PRT-16", clean(field(16)), false);
            } else if (name != OBX && indexOf(PHI_CODES, PHI_CODES.length, name) >= 0) {
                phi(name);
            }
        }

        private void phi(int name) {
            if (indexOf(phiCodes, phiCount, name) < 0) {
                phiCodes[phiCount++] = name;
            }
        }

        /** MSA-1 acknowledgment code and MSA-2 control id. */
        private void acknowledgment(int len) {
            splitFields(len, 3);
            ackCode = text(clean(field(1)));
            ackControlId = text(clean(field(2)));
        }

        /** ERR-3.1 (v2.5+) or else the first subcomponent of ERR-1.4 (v2.3). */
        private void error(int len) {
            splitFields(len, 4);
            long v25 = component(clean(field(3)), 0);
            long code = v25 != NONE ? v25 : firstSubcomponent(component(clean(field(1)), 3));
            if (code != NONE && (errorCodes == null || errorCodes.size() < 8)) {
                if (errorCodes == null) {
                    errorCodes = new ArrayList<>(2);
                }
                errorCodes.add(text(code));
            }
        }

        private void readMsh(int len) {
            fieldSep = (char) (s[3] & 0xFF);
            // MSH-2: component, repetition, escape, subcomponent (and v2.7 truncation) characters
            int i = 4;
            int n = 0;
            while (i < len && s[i] != fieldSep && n < 4) {
                char c = (char) (s[i] & 0xFF);
                if (n == 0) {
                    componentSep = c;
                } else if (n == 1) {
                    repetitionSep = c;
                } else if (n == 3) {
                    subcomponentSep = c;
                }
                n++;
                i++;
            }
            splitFields(len, 21);
            // field(0) = "MSH", field(1) = MSH-2; MSH-n = field(n - 1). One loop over a table: little compiled code.
            for (int slot = 0; slot < MSH_SLOTS; slot++) {
                long v = clean(field(SLOT_FIELD[slot]));
                if (SLOT_COMPONENT[slot] >= 0) {
                    v = component(v, SLOT_COMPONENT[slot]);
                }
                msh[slot] = text(v, slot);
            }
            for (int k = 0; k < 2; k++) {
                long v = clean(field(2 + k)); // MSH-3, MSH-4
                if (v != NONE) {
                    addId(k == 0 ? "MSH-3" : "MSH-4", firstRepetition(v), false);
                }
            }
        }

        private void deviceIds(String field, long value, boolean entityFirst) {
            if (value == NONE) {
                return;
            }
            // at most 32 repetitions, each ending at a separator or the end of the value
            int from = from(value), to = to(value);
            int start = from;
            int pieces = 0;
            for (int i = from; i <= to; i++) {
                if (i == to || shown(s[i]) == repetitionSep) {
                    addId(field, range(start, i), entityFirst);
                    start = i + 1;
                    if (++pieces >= 32) {
                        break;
                    }
                }
            }
        }

        /**
         * HD (MSH-3/4): namespace^universal id^type. EI (OBX-18, PRT-10): entity id^namespace^universal
         * id^type, where the entity id is the device's own identifier (e.g. an EUI-64). An identifier this
         * flow reported already (or any, once {@link #MAX_IDENTITIES} were) takes its slot and makes no String.
         */
        private void addId(String field, long id, boolean entityFirst) {
            long v = trimSpaces(id);
            if (v == NONE || deviceIdSlots >= 16) {
                return;
            }
            deviceIdSlots++;
            if (identitiesEmitted.size() >= MAX_IDENTITIES
                    || identitiesEmitted.contains(fromClient, field, s, from(v), to(v))) {
                return; // would not be reported
            }
            newIdentity(field, v, entityFirst);
        }

        /** An identifier this flow has not reported yet, as Strings (rare: kept out of the callers' compiled code). */
        private void newIdentity(String field, long v, boolean entityFirst) {
            String[] identity = {field, text(v), null, null, null};
            // components: the first (entity or namespace), the universal id and its type
            for (int c = 0; c < 3; c++) {
                int index = c == 0 ? 0 : entityFirst ? c + 1 : c;
                identity[2 + c] = text(trimSpaces(piece(v, componentSep, index)));
            }
            deviceIds.add(identity);
        }

        /** The first {@code max + 1} fields of the segment, split on the field separator (f[0] = segment name). */
        private void splitFields(int len, int max) {
            fieldCount = 0;
            int start = 0;
            for (int i = 0; i <= len && fieldCount <= max; i++) {
                if (i == len || s[i] == fieldSep) {
                    fieldStart[fieldCount] = start;
                    fieldEnd[fieldCount] = i;
                    fieldCount++;
                    start = i + 1;
                }
            }
        }

        private long field(int n) {
            return n < fieldCount ? range(fieldStart[n], fieldEnd[n]) : NONE;
        }

        /** Piece {@code index} of a cleaned value split on {@code sep} (at most 32 pieces), untrimmed; NONE when absent. */
        private long piece(long v, char sep, int index) {
            int from = from(v), to = to(v);
            int start = from;
            int n = 0;
            for (int i = from; i <= to; i++) {
                if (i == to || shown(s[i]) == sep) {
                    if (n == index) {
                        return range(start, i);
                    }
                    start = i + 1;
                    if (++n >= 32) {
                        break;
                    }
                }
            }
            return NONE;
        }

        private long component(long v, int index) {
            return v == NONE ? NONE : trimSpaces(piece(v, componentSep, index));
        }

        private long firstSubcomponent(long v) {
            return v == NONE ? NONE : trimSpaces(prefixBefore(v, subcomponentSep));
        }

        private long firstRepetition(long v) {
            return prefixBefore(v, repetitionSep);
        }

        private long prefixBefore(long v, char sep) {
            int from = from(v), to = to(v);
            for (int i = from; i < to; i++) {
                if (shown(s[i]) == sep) {
                    return range(from, i);
                }
            }
            return v;
        }

        /** Raw field bytes as a value: trimmed of whitespace, empty is none, at most {@link #MAX_VALUE}. */
        private long clean(long raw) {
            if (raw == NONE) {
                return NONE;
            }
            int from = from(raw), to = to(raw);
            while (from < to && whitespace(s[from])) {
                from++;
            }
            while (to > from && whitespace(s[to - 1])) {
                to--;
            }
            return from == to ? NONE : range(from, Math.min(to, from + MAX_VALUE));
        }

        /**
         * A piece of a cleaned value cleaned again: as shown (controls are '?'), the only whitespace left is
         * the space.
         */
        private long trimSpaces(long piece) {
            if (piece == NONE) {
                return NONE;
            }
            int from = from(piece), to = to(piece);
            while (from < to && s[from] == ' ') {
                from++;
            }
            while (to > from && s[to - 1] == ' ') {
                to--;
            }
            return from == to ? NONE : range(from, to);
        }

        /** The value's text as shown (controls as '?'); null for none. */
        private String text(long v) {
            if (v == NONE) {
                return null;
            }
            int from = from(v), to = to(v);
            int i = from;
            while (i < to && shown(s[i]) == (s[i] & 0xFF)) {
                i++;
            }
            if (i == to) {
                return new String(s, from, to - from, StandardCharsets.ISO_8859_1);
            }
            return textReplaced(from, to);
        }

        /** Text with control characters shown as '?' (rare: kept out of the callers' compiled code). */
        private String textReplaced(int from, int to) {
            if (scratch.length < to - from) {
                scratch = new byte[to - from];
            }
            for (int k = from; k < to; k++) {
                scratch[k - from] = (byte) shown(s[k]);
            }
            return new String(scratch, 0, to - from, StandardCharsets.ISO_8859_1);
        }

        /** Like {@link #text(long)}, giving the previous message's String in this slot again when equal. */
        private String text(long v, int slot) {
            if (v == NONE) {
                return null;
            }
            String last = previous[slot];
            if (last != null && sameText(last, s, from(v), to(v))) {
                return last;
            }
            String t = text(v);
            previous[slot] = t;
            return t;
        }

        /** Whether {@code t} is the shown text of {@code b[from, to)}. */
        static boolean sameText(String t, byte[] b, int from, int to) {
            if (t.length() != to - from) {
                return false;
            }
            for (int i = from; i < to; i++) {
                if (t.charAt(i - from) != shown(b[i])) {
                    return false;
                }
            }
            return true;
        }

        /** A byte as the cleaned text shows it: control characters and DEL as '?'. */
        static char shown(byte b) {
            int c = b & 0xFF;
            return c < 0x20 || c == 0x7F ? '?' : (char) c;
        }

        /** {@link Character#isWhitespace} of the byte read as ISO-8859-1. */
        private static boolean whitespace(byte b) {
            int c = b & 0xFF;
            return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
        }

        private static long range(int from, int to) {
            return ((long) from << 32) | to;
        }

        private static int from(long r) {
            return (int) (r >>> 32);
        }

        private static int to(long r) {
            return (int) r;
        }

        private static int indexOf(int[] a, int n, int v) {
            for (int i = 0; i < n; i++) {
                if (a[i] == v) {
                    return i;
                }
            }
            return -1;
        }

        private static int code(int a, int b, int c) {
            return ((a & 0xFF) << 16) | ((b & 0xFF) << 8) | (c & 0xFF);
        }

        private static int code(String name) {
            return code(name.charAt(0), name.charAt(1), name.charAt(2));
        }

        private static int[] phiCodes() {
            int[] codes = new int[PHI_SEGMENTS.size()];
            int n = 0;
            for (String name : PHI_SEGMENTS) {
                codes[n++] = code(name);
            }
            return codes;
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
