package org.wardwatch.sim.proto;

import java.nio.charset.StandardCharsets;

/**
 * POCT1-A2 device messaging layer (CLSI POCT01-A2, DOMAIN.md §1 row 15 [44]): XML messages over TCP
 * from a point-of-care device to its data manager, each acknowledged. A conversation opens with the
 * device's hello (HEL.R01, whose DEV element names the device), then its status (DST.R01) and the end
 * of the topic (EOT.R01). Values sit in {@code V} attributes. No patient or result element is sent:
 * the simulated upload carries no observations. Known gap: OBS.R01 results, the data manager's
 * directives (DTV) and REQ/RGT requests are not simulated.
 */
public final class Poct1a {
    private Poct1a() {
    }

    private static String header(long controlId, String creation) {
        return "<HDR><HDR.control_id V=\"" + controlId + "\"/><HDR.version_id V=\"POCT1\"/><HDR.creation_dttm V=\"" + creation
                + "\"/></HDR>";
    }

    /** HEL.R01: the device's identity (device id, manufacturer name, model). */
    public static byte[] hello(long controlId, String creation, String deviceId, String manufacturer, String model) {
        String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<HEL.R01>" + header(controlId, creation)
                + "<DEV><DEV.device_id V=\"" + escape(deviceId) + "\"/><DEV.manufacturer_name V=\"" + escape(manufacturer)
                + "\"/><DEV.model_id V=\"" + escape(model) + "\"/></DEV><DCP><DCP.application_timeout V=\"30\"/></DCP>"
                + "<DSC><DSC.connection_profile_cd V=\"SA\"/><DSC.topics_supported_cd V=\"OBS\"/></DSC></HEL.R01>";
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    /** DST.R01: device status with the number of new observations waiting. */
    public static byte[] status(long controlId, String creation, int newObservations) {
        String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<DST.R01>" + header(controlId, creation)
                + "<DST><DST.status_dttm V=\"" + creation + "\"/><DST.new_observations_qty V=\"" + newObservations + "\"/></DST></DST.R01>";
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    /** EOT.R01: end of the topic. */
    public static byte[] endOfTopic(long controlId, String creation) {
        String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<EOT.R01>" + header(controlId, creation)
                + "<TOP><TOP.topic_cd V=\"OBS\"/></TOP></EOT.R01>";
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    /** ACK.R01 from the data manager, accepting message {@code ackControlId}. */
    public static byte[] ack(long controlId, String creation, long ackControlId) {
        String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<ACK.R01>" + header(controlId, creation)
                + "<ACK><ACK.type_cd V=\"AA\"/><ACK.ack_control_id V=\"" + ackControlId + "\"/></ACK></ACK.R01>";
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
