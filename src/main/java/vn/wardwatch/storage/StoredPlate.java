package vn.wardwatch.storage;

import vn.wardwatch.plate.PlateSighting;

/**
 * A stored plate sighting.
 *
 * @param cropFile the plate crop, relative to the data directory; null when it could not be written
 */
public record StoredPlate(long id, PlateSighting sighting, String cropFile) {
}
