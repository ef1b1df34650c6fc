package vn.wardwatch.config;

/** Where a camera stands, as written into evidence; every part may be null. WGS84 degrees. */
public record LocationConfig(String address, Double latitude, Double longitude) {

    public static final LocationConfig UNKNOWN = new LocationConfig(null, null, null);
}
