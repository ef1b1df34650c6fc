package vn.wardwatch.storage;

import java.util.List;
import java.util.Optional;
import vn.wardwatch.plate.PlateSighting;

/** Stores voted plates and finds them by text (exact or one edit away), camera and time. */
public interface PlateRepository {

    /** Stores a sighting with its crop file (relative to the data directory, or null); returns its id. */
    long add(PlateSighting sighting, String cropFile);

    /**
     * Stores a sighting unless one with this key is stored already (a cluster worker's resend); true when stored.
     *
     * @param key what identifies the sighting whoever sends it, up to 200 characters
     */
    boolean addOnce(String key, PlateSighting sighting, String cropFile);

    /** Exact matches first, then those one edit away; each group newest first; at most {@code limit}. */
    List<StoredPlate> search(PlateSearch search);

    Optional<StoredPlate> find(long id);
}
