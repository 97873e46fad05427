package org.wardwatch.protocols.astm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.wardwatch.model.obs.astm.AstmMessageSeen;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;

/**
 * ASTM E1381-02 low-level protocol (frames: STX, frame number 0-7, text, ETB or ETX, two hex checksum
 * characters = sum of the bytes from the frame number through ETB/ETX modulo 256, CR LF; ENQ, ACK, NAK,
 * EOT between them) carrying ASTM E1394-97 records (H header, P patient, O order, R result, C comment,
 * Q query, M manufacturer, L terminator). Records may also arrive unframed, one per CR.
 *
 * <p>From the header record: sender (H-5), receiver (H-10), processing id (H-12), version (H-13). Patient
 * records are counted, never read; result values are never read. Known gaps: escape sequences (&amp;F&amp; etc.)
 * are not decoded; the component layout of H-5 is vendor-defined and kept as sent.
 */
public final class AstmAnalyzer implements Analyzer {
    static final byte ENQ = 0x05;
    static final byte ACK = 0x06;
    static final byte NAK = 0x15;
    static final byte EOT = 0x04;
    static final byte STX = 0x02;
    static final byte ETX = 0x03;
    static final byte ETB = 0x17;
    static final int MAX_RECORD = 4096;
    private static final byte[] NO_BYTES = new byte[0];
    static final int MAX_FRAME = 64 * 1024;

    private final Direction client = new Direction(true);
    private final Direction server = new Direction(false);
    private boolean confirmed;

    @Override
    public int onStream(boolean fromClient, byte[] data, int offset, int length, AnalyzerContext ctx) {
        (fromClient ? client : server).feed(data, offset, length, ctx);
        return length;
    }

    @Override
    public void onGap(boolean fromClient, long missingBytes, AnalyzerContext ctx) {
        ctx.anomaly("astm_stream_gap");
    }

    @Override
    public void onEnd(AnalyzerContext ctx) {
        client.finishMessage(ctx, true);
        server.finishMessage(ctx, true);
    }

    private final class Direction {
        private static final int OUTSIDE = 0;
        private static final int FRAME_NUMBER = 1;
        private static final int TEXT = 2;
        private static final int CHECKSUM = 3;
        private static final int RAW = 4;

        private final boolean fromClient;
        private int state = OUTSIDE;
        private int sum;
        private int checksumPos;
        private final byte[] checksum = new byte[4];
        /** Grown on demand up to {@link #MAX_RECORD}: a direction that sends nothing holds nothing. */
        private byte[] record = NO_BYTES;
        private int recordLen;
        private long frameBytes;
        private Message message;
        private boolean dead;
        private boolean recordEndsWithFrame;
        private boolean crPending;

        Direction(boolean fromClient) {
            this.fromClient = fromClient;
        }

        void feed(byte[] b, int off, int len, AnalyzerContext ctx) {
            for (int i = off; i < off + len && !dead; i++) {
                byte c = b[i];
                switch (state) {
                    case OUTSIDE -> {
                        if (c == STX) {
                            state = FRAME_NUMBER;
                            sum = 0;
                            frameBytes = 0;
                        } else if (c == EOT) {
                            finishMessage(ctx, false);
                        } else if (c == 'H' && message == null && recordLen == 0) {
                            state = RAW;
                            append(c);
                        } else if (c != ENQ && c != ACK && c != NAK && c != '\r' && c != '\n') {
                            if (!confirmed) {
                                ctx.violation("not ASTM E1381");
                                dead = true;
                            } else {
                                ctx.anomaly("astm_bytes_outside_frame");
                            }
                        }
                    }
                    case FRAME_NUMBER -> {
                        sum += c & 0xFF;
                        if (c < '0' || c > '7') {
                            ctx.anomaly("astm_frame_number_invalid");
                        }
                        message().frames++;
                        state = TEXT;
                    }
                    case TEXT -> {
                        sum += c & 0xFF;
                        if (c == ETX || c == ETB) {
                            state = CHECKSUM;
                            checksumPos = 0;
                            // ETX ends the record; ETB continues it in the next frame unless a CR ended it
                            recordEndsWithFrame = c == ETX || crPending;
                            crPending = false;
                        } else if (c == '\r') {
                            crPending = true; // the record ends here, handled after the checksum if the frame ends
                        } else if (c == STX) {
                            ctx.anomaly("astm_frame_unterminated");
                            state = FRAME_NUMBER;
                            sum = 0;
                        } else {
                            if (crPending) {
                                crPending = false;
                                endRecord(ctx); // several records in one frame
                            }
                            append(c);
                            if (++frameBytes > MAX_FRAME) {
                                ctx.anomaly("astm_frame_too_long");
                                state = OUTSIDE;
                            }
                        }
                    }
                    case CHECKSUM -> {
                        checksum[checksumPos++] = c;
                        if (checksumPos == 4) {
                            int want = sum & 0xFF;
                            int got = hex(checksum[0]) * 16 + hex(checksum[1]);
                            if (got != want) {
                                message().checksumErrors++;
                                ctx.anomaly("astm_checksum_mismatch");
                            }
                            state = OUTSIDE;
                            if (recordEndsWithFrame) {
                                endRecord(ctx);
                            }
                        }
                    }
                    default -> { // RAW records
                        if (c == '\r' || c == '\n') {
                            endRecord(ctx);
                        } else if (c == EOT) {
                            endRecord(ctx);
                            finishMessage(ctx, false);
                            state = OUTSIDE;
                        } else {
                            append(c);
                        }
                    }
                }
            }
        }

        private Message message() {
            if (message == null) {
                message = new Message(state == RAW ? "raw" : "e1381");
            }
            return message;
        }

        private void append(byte c) {
            if (recordLen < MAX_RECORD) {
                if (recordLen == record.length) {
                    record = java.util.Arrays.copyOf(record, Math.min(MAX_RECORD, Math.max(128, recordLen * 2)));
                }
                record[recordLen++] = c;
            }
        }

        private void endRecord(AnalyzerContext ctx) {
            if (recordLen == 0) {
                return;
            }
            String r = new String(record, 0, recordLen, StandardCharsets.ISO_8859_1);
            recordLen = 0;
            Message m = message();
            char type = Character.toUpperCase(r.charAt(0));
            if (m.recordTypes.isEmpty() && type != 'H') {
                if (!confirmed) {
                    ctx.violation("ASTM message without header record");
                    dead = true;
                    return;
                }
                ctx.anomaly("astm_missing_header");
            }
            m.recordTypes.add(String.valueOf(type));
            switch (type) {
                case 'H' -> m.header(r);
                case 'P' -> m.patients++;
                case 'O' -> m.orders++;
                case 'R' -> m.results++;
                case 'L' -> {
                    finishMessage(ctx, false);
                    if (state == RAW) {
                        state = OUTSIDE;
                    }
                }
                default -> {
                }
            }
        }

        void finishMessage(AnalyzerContext ctx, boolean atEnd) {
            if (atEnd) {
                endRecord(ctx);
            }
            Message m = message;
            message = null;
            if (m == null || !m.hasHeader || dead) {
                return;
            }
            if (!confirmed) {
                confirmed = true;
                ctx.confirm();
            }
            ctx.emit(new AstmMessageSeen(ctx.ts(), ctx.flow(), fromClient, m.framing, m.sender, m.senderComponents,
                    m.receiver, m.processingId, m.version, new ArrayList<>(m.recordTypes), m.patients, m.orders, m.results,
                    m.frames, m.checksumErrors));
        }
    }

    private static int hex(byte c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -100;
    }

    /** One H..L message. */
    static final class Message {
        final String framing;
        boolean hasHeader;
        String sender;
        List<String> senderComponents = List.of();
        String receiver;
        String processingId;
        String version;
        final LinkedHashSet<String> recordTypes = new LinkedHashSet<>();
        int patients;
        int orders;
        int results;
        int frames;
        int checksumErrors;

        Message(String framing) {
            this.framing = framing;
        }

        /** E1394 7.1: H|\^&|control id|password|sender|address|reserved|phone|characteristics|receiver|comment|processing|version|date. */
        void header(String r) {
            if (r.length() < 5) {
                return;
            }
            hasHeader = true;
            char field = r.charAt(1);
            char component = r.charAt(3);
            String[] f = r.split(java.util.regex.Pattern.quote(String.valueOf(field)), -1);
            // f[0] = "H", f[1] = delimiters (H-2); H-n = f[n - 1]; H-4 (password) is never read
            sender = clean(f.length > 4 ? f[4] : null);
            receiver = clean(f.length > 9 ? f[9] : null);
            processingId = clean(f.length > 11 ? f[11] : null);
            version = clean(f.length > 12 ? f[12] : null);
            if (sender != null) {
                List<String> c = new ArrayList<>();
                for (String s : sender.split(java.util.regex.Pattern.quote(String.valueOf(component)), -1)) {
                    c.add(s);
                    if (c.size() >= 8) {
                        break;
                    }
                }
                senderComponents = c;
            }
        }

        static String clean(String v) {
            if (v == null || v.isBlank()) {
                return null;
            }
            String t = v.strip();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < t.length() && sb.length() < 128; i++) {
                char c = t.charAt(i);
                sb.append(c < 0x20 || c == 0x7F ? '?' : c);
            }
            return sb.toString();
        }
    }
}
