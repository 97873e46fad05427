package org.wardwatch.protocols.modbus;

import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/** Modbus/TCP on TCP 502. */
public final class ModbusAnalyzerFactory implements AnalyzerFactory {
    @Override
    public String name() {
        return "modbus";
    }

    @Override
    public Transport transport() {
        return Transport.TCP;
    }

    @Override
    public int[] portHints() {
        return new int[] {502};
    }

    /**
     * An MBAP header with protocol id 0 and a length (unit id + PDU) of 2..254 that the first bytes hold
     * whole, and a public function code (or its exception form from the server).
     */
    @Override
    public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
        if (length < 8 || data[offset + 2] != 0 || data[offset + 3] != 0) {
            return false;
        }
        int mbapLength = ((data[offset + 4] & 0xFF) << 8) | (data[offset + 5] & 0xFF);
        if (mbapLength < 2 || mbapLength > 254 || 6 + mbapLength > length) {
            return false;
        }
        int fc = data[offset + 7] & 0xFF;
        if (!fromClient && fc >= 0x80) {
            fc -= 0x80;
        }
        return ModbusAnalyzer.isPublicFunction(fc);
    }

    @Override
    public Analyzer newAnalyzer() {
        return new ModbusAnalyzer();
    }
}
