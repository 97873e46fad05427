package org.wardwatch.inventory.identify;

import java.util.Optional;
import org.wardwatch.inventory.resolve.DeviceState;
import org.wardwatch.model.device.Claim;

/** Says what category a device's traffic looks like, as one more claim (weight = calibrated probability, capped). */
public interface BehaviourModel {
    Optional<Claim> categoryClaim(DeviceState device);

    BehaviourModel NONE = d -> Optional.empty();
}
