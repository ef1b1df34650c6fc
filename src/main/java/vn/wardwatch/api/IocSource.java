package vn.wardwatch.api;

import java.util.List;
import vn.wardwatch.analytics.traffic.ZoneState;

/** The operations centre's view: per camera, its state and its traffic zones. Cheap and safe from any thread. */
public interface IocSource {

    record Camera(String id, String state, List<ZoneState> zones) {
    }

    List<Camera> cameras();
}
