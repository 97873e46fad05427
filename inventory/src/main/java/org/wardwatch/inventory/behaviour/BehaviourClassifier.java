package org.wardwatch.inventory.behaviour;

import java.util.Optional;
import org.wardwatch.inventory.identify.BehaviourModel;
import org.wardwatch.inventory.kb.KnowledgeBase;
import org.wardwatch.inventory.resolve.DeviceState;
import org.wardwatch.model.device.Claim;

/** Placeholder until the trained model lands: makes no claim. */
public final class BehaviourClassifier implements BehaviourModel {
    public static BehaviourModel shipped(KnowledgeBase kb) {
        return new BehaviourClassifier();
    }

    @Override
    public Optional<Claim> categoryClaim(DeviceState device) {
        return Optional.empty();
    }
}
