package org.wardwatch.model.obs.http;

import org.wardwatch.model.Observation;

/** What the HTTP/1.x analyzer reports. */
public sealed interface HttpObservation extends Observation
        permits HttpRequestSeen, HttpResponseSeen, HttpCleartextCredentialsSeen {
}
