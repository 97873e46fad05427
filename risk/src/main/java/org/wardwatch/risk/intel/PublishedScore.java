package org.wardwatch.risk.intel;

import java.util.List;

/**
 * A CVSS score as an advisory published it.
 *
 * @param version   "2.0", "3.0", "3.1" or "4.0"
 * @param vector    vector string as written
 * @param baseScore base score as written (null when absent)
 * @param source    who scored it
 * @param products  product ids it applies to; empty = all the vulnerability's products
 */
public record PublishedScore(String version, String vector, Double baseScore, String source, List<String> products) {
    public PublishedScore {
        products = List.copyOf(products);
    }
}
