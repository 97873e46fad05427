/**
 * Observation records. Protocol families live in sub-packages ({@code obs.dhcp}, {@code obs.dicom}, ...);
 * the records here are the packet engine's own.
 */
package org.wardwatch.model.obs;
