package org.wardwatch.model.obs.modbus;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * How a flow used one Modbus function code, aggregated over the flow and emitted when it ends (not
 * per packet). Writes (5, 6, 15, 16, 22, 23) and diagnostics (8) from unexpected clients are what
 * detection looks at.
 *
 * @param functionCode the function code (1..127)
 * @param functionName read_coils, read_discrete_inputs, read_holding_registers, ... or "function_N"
 * @param requests     requests from the client with this code
 * @param responses    normal responses from the server
 * @param exceptions   exception responses (code | 0x80)
 */
public record ModbusFunctionSeen(Instant ts, FlowId flow, int functionCode, String functionName, long requests,
                                 long responses, long exceptions) implements ModbusObservation {
}
