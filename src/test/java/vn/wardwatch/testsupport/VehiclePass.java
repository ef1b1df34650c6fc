package vn.wardwatch.testsupport;

import vn.wardwatch.analytics.geometry.Point;

/**
 * One vehicle of a staged scene driving a straight path at constant speed. The path is that of the vehicle's wheels
 * (the bottom-centre of the vehicle in its picture, the anchor that counting and the rules use), in analysis pixels.
 * The picture faces the way it drives. Before {@code startSeconds} it is not in the video; after
 * {@code endSeconds} it stays at {@code to} when {@code staysAtEnd} (a vehicle waiting at the stop line), else it is
 * gone.
 *
 * @param label what the pass stands for in the scenario, for messages
 */
public record VehiclePass(String label, StagedVehicle vehicle, Point from, Point to, double startSeconds,
                          double endSeconds, boolean staysAtEnd) {

    public VehiclePass {
        if (endSeconds <= startSeconds) {
            throw new IllegalArgumentException("a pass must end after it starts: " + label);
        }
    }

    /** Stream time at which the wheels are at {@code x} (linear along the path); NaN when the path never gets there. */
    public double secondsAtX(double x) {
        double share = (x - from.x()) / (to.x() - from.x());
        return share < 0 || share > 1 ? Double.NaN : startSeconds + share * (endSeconds - startSeconds);
    }

    public boolean drivesEast() {
        return to.x() > from.x();
    }
}
