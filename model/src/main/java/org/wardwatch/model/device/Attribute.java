package org.wardwatch.model.device;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What identification says about a device. JSON names are the lower-case constant names. */
public enum Attribute {
    /** Taxonomy category id, e.g. {@code infusion_pump}. */
    CATEGORY,
    /** Maker as a canonical vendor name, e.g. {@code B. Braun}. */
    VENDOR,
    /** Product or model, e.g. {@code Infusomat Space}. */
    MODEL,
    /** Operating system family and version as one string, e.g. {@code Windows 10}, {@code Linux}. */
    OS,
    /** Firmware or application software version. */
    FIRMWARE,
    /** Device serial number as the device reported it. */
    SERIAL;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Attribute parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
