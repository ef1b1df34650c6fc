package vn.wardwatch.violation;

import java.util.EnumSet;
import java.util.Set;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.track.Track;

/** Shared facts the rules use about tracks. */
final class RoadUsers {

    static final Set<ObjectClass> VEHICLES = EnumSet.of(ObjectClass.CAR, ObjectClass.BUS, ObjectClass.TRUCK,
            ObjectClass.MOTORBIKE, ObjectClass.BICYCLE);

    private RoadUsers() {
    }

    static boolean isVehicle(Track t) {
        return VEHICLES.contains(t.objectClass());
    }

    static Point anchor(Track t) {
        return new Point(t.anchorX(), t.anchorY());
    }

    /**
     * Where the vehicle's front meets the road, from its box and its direction of travel: the bottom edge of the
     * box, shifted towards the side it is driving to. Moving down the picture (towards the camera) the front is the
     * bottom edge; sideways it is the leading bottom corner; moving away the bottom edge is the rear, and the front
     * is taken a share of the box height further up. A box does not show the true ground point of the bumper; this
     * keeps the error to a fraction of a car length, the same for every vehicle.
     */
    static Point front(Track t) {
        double speed = Math.hypot(t.velocityX(), t.velocityY());
        if (speed < 1e-6) {
            return anchor(t);
        }
        double ux = t.velocityX() / speed;
        double uy = t.velocityY() / speed;
        double x = t.box().centerX() + ux * t.box().width() / 2;
        double y = t.box().bottom() + Math.min(0, uy) * t.box().height() / 2;
        return new Point(x, y);
    }
}
