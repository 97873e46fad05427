package org.wardwatch.model.device;

/**
 * A service the device answered on (it was the server side of a flow).
 *
 * @param transport   tcp or udp
 * @param application protocol an analyzer confirmed on it (e.g. {@code dicom}, {@code http}), null when none did
 */
public record ServicePort(String transport, int port, String application) {
}
