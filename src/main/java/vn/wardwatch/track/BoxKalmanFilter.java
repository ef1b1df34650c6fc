package vn.wardwatch.track;

import vn.wardwatch.detect.BoundingBox;

/**
 * Constant-velocity Kalman filter on a box's centre and size (cx, cy, w, h), with time steps in seconds because
 * frames arrive at uneven intervals.
 *
 * <p>With diagonal noise the four coordinates do not interact, so the 8-state filter is exactly four independent
 * 2-state (position, velocity) filters; that keeps it free of a matrix library. As in ByteTrack, noise scales with
 * the box height, so near (large) and far (small) objects are treated alike.
 */
final class BoxKalmanFilter {

    /** Measurement noise: a detector box edge is good to about 5% of the box height (ByteTrack uses 1/20). */
    private static final double MEASUREMENT_STD = 0.05;
    /** Centre acceleration noise in box heights per s^2: traffic brakes, weaves and turns. */
    private static final double CENTRE_ACCEL_STD = 2.0;
    /** Size changes slowly (perspective as the object approaches or leaves). */
    private static final double SIZE_ACCEL_STD = 0.5;
    /** Velocity of a new object is unknown: allow several box heights per second so the second hit decides it. */
    private static final double INITIAL_VELOCITY_STD = 5.0;

    private final Axis cx;
    private final Axis cy;
    private final Axis w;
    private final Axis h;

    BoxKalmanFilter(BoundingBox first) {
        double scale = Math.max(1, first.height());
        double posVar = sq(MEASUREMENT_STD * scale);
        double velVar = sq(INITIAL_VELOCITY_STD * scale);
        cx = new Axis(first.centerX(), posVar, velVar);
        cy = new Axis(first.centerY(), posVar, velVar);
        w = new Axis(first.width(), posVar, velVar * 0.1);
        h = new Axis(first.height(), posVar, velVar * 0.1);
    }

    /** Moves the state {@code dtSeconds} ahead; a non-positive step (repeated timestamp) changes nothing. */
    void predict(double dtSeconds) {
        if (dtSeconds <= 0) {
            return;
        }
        double scale = scale();
        cx.predict(dtSeconds, CENTRE_ACCEL_STD * scale);
        cy.predict(dtSeconds, CENTRE_ACCEL_STD * scale);
        w.predict(dtSeconds, SIZE_ACCEL_STD * scale);
        h.predict(dtSeconds, SIZE_ACCEL_STD * scale);
        // A box must keep a positive size even when a shrinking trend is extrapolated.
        w.position = Math.max(1, w.position);
        h.position = Math.max(1, h.position);
    }

    void update(BoundingBox measured) {
        double r = sq(MEASUREMENT_STD * Math.max(1, measured.height()));
        cx.update(measured.centerX(), r);
        cy.update(measured.centerY(), r);
        w.update(measured.width(), r);
        h.update(measured.height(), r);
    }

    /** While an object is unseen, keep its size: extrapolated growth would make the box drift away from IoU reach. */
    void freezeSize() {
        w.velocity = 0;
        h.velocity = 0;
    }

    BoundingBox box() {
        return new BoundingBox(cx.position - w.position / 2, cy.position - h.position / 2, w.position, h.position);
    }

    /** Bottom-centre anchor velocity, px/s. */
    double anchorVelocityX() {
        return cx.velocity;
    }

    double anchorVelocityY() {
        return cy.velocity + h.velocity / 2;
    }

    private double scale() {
        return Math.max(1, h.position);
    }

    private static double sq(double v) {
        return v * v;
    }

    /** One coordinate: state (position, velocity) with covariance [[pp, pv], [pv, vv]]. */
    private static final class Axis {
        double position;
        double velocity;
        double pp;
        double pv;
        double vv;

        Axis(double position, double positionVar, double velocityVar) {
            this.position = position;
            this.pp = positionVar;
            this.vv = velocityVar;
        }

        /** x' = F x, P' = F P F^T + Q for F = [[1, dt], [0, 1]] and white-noise acceleration of std {@code accel}. */
        void predict(double dt, double accel) {
            position += velocity * dt;
            double q = accel * accel;
            double dt2 = dt * dt;
            double newPp = pp + 2 * dt * pv + dt2 * vv + q * dt2 * dt2 / 4;
            double newPv = pv + dt * vv + q * dt2 * dt / 2;
            double newVv = vv + q * dt2;
            pp = newPp;
            pv = newPv;
            vv = newVv;
        }

        /** Measurement of the position with variance {@code r} (H = [1, 0]). */
        void update(double z, double r) {
            double s = pp + r;
            double kp = pp / s;
            double kv = pv / s;
            double innovation = z - position;
            position += kp * innovation;
            velocity += kv * innovation;
            double newPp = (1 - kp) * pp;
            double newPv = (1 - kp) * pv;
            double newVv = vv - kv * pv;
            pp = newPp;
            pv = newPv;
            vv = newVv;
        }
    }
}
