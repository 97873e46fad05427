/**
 * Devices as the inventory resolved and identified them: one {@link org.wardwatch.model.device.Device}
 * per physical device, its addresses over time, and each identified attribute as an
 * {@link org.wardwatch.model.device.AttributeValue} (value, confidence, evidence, conflicting claims).
 *
 * <p>These records are the contract between the inventory and its readers (risk, segmentation,
 * detection, store, reports, API). Their JSON form is what {@code devices.json} holds; field names are API.
 * Category values are taxonomy ids ({@code infusion_pump}, {@code imaging_ct}, {@code workstation}...)
 * documented in {@code docs/taxonomy.md}; the taxonomy itself is data in the inventory module.
 */
package org.wardwatch.model.device;
