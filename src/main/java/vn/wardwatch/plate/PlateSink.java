package vn.wardwatch.plate;

import org.opencv.core.Mat;

/** Where voted plates go (the database and the crop files). Called on the plate worker's thread. */
public interface PlateSink {

    /** Stores a sighting with its plate crop (BGR; the caller releases it). Handles its own failures. */
    void store(PlateSighting sighting, Mat plateCrop);
}
