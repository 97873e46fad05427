package org.wardwatch.model.obs.modbus;

import org.wardwatch.model.Observation;

/** Observations of the Modbus/TCP analyzer (Modbus Application Protocol v1.1b3, Messaging on TCP/IP v1.0b). */
public sealed interface ModbusObservation extends Observation permits ModbusDeviceIdentified, ModbusFunctionSeen {
}
