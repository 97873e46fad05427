package org.wardwatch.protocols.modbus;

import org.wardwatch.model.obs.modbus.ModbusDeviceIdentified;
import org.wardwatch.model.obs.modbus.ModbusFunctionSeen;
import org.wardwatch.protocols.asn1.WireText;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;

/**
 * Modbus/TCP analyzer (Modbus Messaging on TCP/IP Implementation Guide v1.0b 3.1.3 MBAP header; Modbus
 * Application Protocol v1.1b3 section 6 function codes, 6.21 Read Device Identification). Counts
 * requests, responses and exceptions per function code over the flow (reported when it ends, one
 * record per code) and reports Read Device Identification answers (vendor, product code, revision, ...).
 *
 * <p>Known gaps: Modbus RTU over TCP (no MBAP) and Modbus/TCP security (TLS, port 802) are not
 * recognised; register values are not kept.
 */
final class ModbusAnalyzer implements Analyzer {
    /** The specification's largest ADU (MBAP 7 + PDU 253). */
    private static final int MAX_ADU = 260;
    /** Larger MBAP lengths are read too (vendor extensions exceed the specification), up to this sanity cap. */
    private static final int MAX_LENGTH = 2048;

    /** Per function code seen: requests, responses, exceptions (sorted by code; at most 127 entries). */
    private final java.util.TreeMap<Integer, long[]> counts = new java.util.TreeMap<>();
    private boolean confirmed;
    private int identifications;

    static boolean isPublicFunction(int fc) {
        return switch (fc) {
            case 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 15, 16, 17, 20, 21, 22, 23, 24, 43 -> true;
            default -> false;
        };
    }

    static String functionName(int fc) {
        return switch (fc) {
            case 1 -> "read_coils";
            case 2 -> "read_discrete_inputs";
            case 3 -> "read_holding_registers";
            case 4 -> "read_input_registers";
            case 5 -> "write_single_coil";
            case 6 -> "write_single_register";
            case 7 -> "read_exception_status";
            case 8 -> "diagnostics";
            case 11 -> "get_comm_event_counter";
            case 12 -> "get_comm_event_log";
            case 15 -> "write_multiple_coils";
            case 16 -> "write_multiple_registers";
            case 17 -> "report_server_id";
            case 20 -> "read_file_record";
            case 21 -> "write_file_record";
            case 22 -> "mask_write_register";
            case 23 -> "read_write_multiple_registers";
            case 24 -> "read_fifo_queue";
            case 43 -> "encapsulated_interface_transport";
            default -> "function_" + fc;
        };
    }

    @Override
    public int onStream(boolean fromClient, byte[] b, int offset, int length, AnalyzerContext ctx) {
        int p = offset;
        int end = offset + length;
        while (end - p >= 7) {
            int protocolId = WireText.u16(b, p + 2);
            int len = WireText.u16(b, p + 4);
            if (protocolId != 0 || len < 2 || len > MAX_LENGTH) {
                ctx.anomaly(protocolId != 0 ? "modbus_bad_protocol_id" : "modbus_bad_length");
                if (!confirmed) {
                    ctx.violation("modbus_bad_mbap");
                } else {
                    ctx.done(); // framing lost
                }
                return length;
            }
            if (end - p < 6 + len) {
                break;
            }
            if (len > MAX_ADU - 6) {
                ctx.anomaly("modbus_length_over_spec"); // Schneider UMAS (function 90) sends 255
            }
            pdu(fromClient, b, p + 6, len, ctx);
            p += 6 + len;
        }
        return p - offset;
    }

    /** Unit id, function code, data. */
    private void pdu(boolean fromClient, byte[] b, int p, int len, AnalyzerContext ctx) {
        int unit = b[p] & 0xFF;
        int fc = b[p + 1] & 0xFF;
        boolean exception = fc >= 0x80;
        int code = fc & 0x7F;
        if (code == 0) {
            ctx.anomaly("modbus_function_zero");
            return;
        }
        if (!confirmed) {
            confirmed = true;
            ctx.confirm();
        }
        counts.computeIfAbsent(code, k -> new long[3])[fromClient ? 0 : exception ? 2 : 1]++;
        if (!fromClient && !exception && code == 43 && len >= 3 && b[p + 2] == 0x0E) {
            deviceIdentification(unit, b, p + 3, p + len, ctx);
        }
    }

    /** 6.21 response: ReadDevIdCode, Conformity, More, NextObjectId, NumberOfObjects, (id, len, value)*. */
    private void deviceIdentification(int unit, byte[] b, int p, int end, AnalyzerContext ctx) {
        if (end - p < 5) {
            ctx.anomaly("modbus_device_identification_truncated");
            return;
        }
        int count = b[p + 4] & 0xFF;
        p += 5;
        String[] values = new String[6];
        for (int i = 0; i < count; i++) {
            if (p + 2 > end) {
                ctx.anomaly("modbus_device_identification_truncated");
                break;
            }
            int id = b[p] & 0xFF;
            int olen = b[p + 1] & 0xFF;
            if (p + 2 + olen > end) {
                ctx.anomaly("modbus_device_identification_truncated");
                break;
            }
            if (id < values.length) {
                values[id] = WireText.latin1(b, p + 2, olen, 255);
            }
            p += 2 + olen;
        }
        if (identifications++ < 16) {
            ctx.emit(new ModbusDeviceIdentified(ctx.ts(), ctx.flow(), unit, values[0], values[1], values[2], values[3],
                    values[4], values[5]));
        }
    }

    @Override
    public void onEnd(AnalyzerContext ctx) {
        for (var e : counts.entrySet()) {
            long[] c = e.getValue();
            ctx.emit(new ModbusFunctionSeen(ctx.ts(), ctx.flow(), e.getKey(), functionName(e.getKey()), c[0], c[1], c[2]));
        }
        counts.clear();
    }
}
