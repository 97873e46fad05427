package org.wardwatch.protocols.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wardwatch.protocols.infratest.InfraSamples.*;

import org.junit.jupiter.api.Test;
import org.wardwatch.model.obs.modbus.ModbusDeviceIdentified;
import org.wardwatch.model.obs.modbus.ModbusFunctionSeen;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;

class ModbusAnalyzerTest {

    @Test
    void readsDeviceIdentificationAndAggregatesFunctionCodesAtTheEnd() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(new ModbusAnalyzerFactory(), 502);
        for (int i = 0; i < 100; i++) {
            h.client(modbusReadHoldingRegisters()).server(modbusReadHoldingRegistersResponse());
        }
        h.client(modbusReadDeviceIdRequest()).server(modbusReadDeviceIdResponse());
        assertThat(h.observations(ModbusFunctionSeen.class)).isEmpty();
        h.end();
        ModbusDeviceIdentified d = h.observations(ModbusDeviceIdentified.class).get(0);
        assertThat(d.vendorName() + "|" + d.productCode() + "|" + d.revision()).isEqualTo("Schneider|BMX P342|v3.2");
        assertThat(h.observations(ModbusFunctionSeen.class))
                .extracting(f -> f.functionName() + " " + f.requests() + "/" + f.responses() + "/" + f.exceptions())
                .containsExactly("read_holding_registers 100/100/0", "encapsulated_interface_transport 1/1/0");
    }

    @Test
    void givesTheSameObservationsWhateverTheSegmentSizes() {
        byte[] server = bytes(modbusReadHoldingRegistersResponse(), modbusReadDeviceIdResponse());
        for (int chunk = 1; chunk <= server.length; chunk++) {
            AnalyzerHarness h = AnalyzerHarness.forFlow(new ModbusAnalyzerFactory(), 502).client(modbusReadHoldingRegisters())
                    .feedSplit(false, server, chunk).end();
            assertThat(h.observations(ModbusDeviceIdentified.class)).as("chunk %d", chunk).hasSize(1);
        }
    }

    @Test
    void aNonZeroProtocolIdIsAViolation() {
        byte[] m = modbusReadHoldingRegisters();
        m[3] = 1;
        AnalyzerHarness h = AnalyzerHarness.forFlow(new ModbusAnalyzerFactory(), 502).client(m).end();
        assertThat(h.violated()).isTrue();
        assertThat(new ModbusAnalyzerFactory().probe(true, m, 0, m.length)).isFalse();
    }
}
