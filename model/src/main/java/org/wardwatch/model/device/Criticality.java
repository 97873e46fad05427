package org.wardwatch.model.device;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Clinical criticality of a device category: what harm follows when the device stops or lies.
 * Ordered from most to least critical; {@link #UNKNOWN} when the category is unknown.
 */
public enum Criticality {
    /** Keeps a patient alive or delivers therapy: ventilators, infusion pumps, dialysis, anesthesia. */
    LIFE_SUSTAINING,
    /** Produces data clinicians decide on: monitors, imaging, lab analyzers, PACS. */
    DIAGNOSTIC,
    /** Clinical information flow without direct diagnosis or therapy: EHR, nurse call, RTLS, cabinets. */
    INFORMATIONAL,
    /** No clinical function: IT, building, guest devices. */
    NONE,
    /** Category unknown, so criticality unknown. */
    UNKNOWN;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Criticality parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
