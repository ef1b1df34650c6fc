package vn.wardwatch.testsupport;

import java.nio.file.Path;

/**
 * A real vehicle photo from a Debian package, cut out of its picture. Only pictures the detector finds are here:
 * darknet's dog.jpg has a pickup truck (found as car or truck); its bicycle (behind the dog) and the small motorbike
 * in its corner are not found at any size.
 *
 * @param cropX         left of the cut-out in the picture
 * @param wheels        share of the cut-out's height at which the wheels touch the road
 * @param facesEast     the vehicle's front is on the right of the cut-out
 * @param drawnWidth    width in the staged video (analysis pixels); the height keeps the aspect ratio
 */
public enum StagedVehicle {
    PICKUP(Path.of("/usr/share/darknet/data/dog.jpg"), 462, 64, 232, 110, 0.91, true, 190);

    final Path picture;
    final int cropX;
    final int cropY;
    final int cropWidth;
    final int cropHeight;
    final double wheels;
    final boolean facesEast;
    final int drawnWidth;

    StagedVehicle(Path picture, int cropX, int cropY, int cropWidth, int cropHeight, double wheels,
                  boolean facesEast, int drawnWidth) {
        this.picture = picture;
        this.cropX = cropX;
        this.cropY = cropY;
        this.cropWidth = cropWidth;
        this.cropHeight = cropHeight;
        this.wheels = wheels;
        this.facesEast = facesEast;
        this.drawnWidth = drawnWidth;
    }

    /** Drawn height, even (yuv420p). */
    int drawnHeight() {
        return (int) Math.round(drawnWidth * (double) cropHeight / cropWidth / 2) * 2;
    }
}
