package org.wardwatch.inventory.kb;

import java.util.Map;

/** Something a rule can look a value up in: a knowledge table, or a view over the OUI table or the taxonomy. */
public interface Lookup {
    /**
     * A knowledge entry that matched, with its outputs (attribute name → value, or other outputs such
     * as {@code software}), its weight (null = the rule's) and its public source.
     *
     * @param line line in the table file, 0 for entries that are not table rows
     */
    record Hit(String table, int line, String key, Map<String, String> outputs, Double weight, String source) {
        public Hit {
            outputs = Map.copyOf(outputs);
        }

        public String citation() {
            return line > 0 ? table + ":" + line + " (" + source + ")" : table + " (" + source + ")";
        }
    }

    /** The best entry for the value, or null. */
    Hit lookup(String value);
}
