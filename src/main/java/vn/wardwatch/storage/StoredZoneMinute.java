package vn.wardwatch.storage;

import java.time.ZoneOffset;
import vn.wardwatch.analytics.traffic.MinuteTraffic;

/** One zone's traffic over one UTC minute, with the camera's zone offset at the time. */
public record StoredZoneMinute(String cameraId, String zoneId, ZoneOffset utcOffset, MinuteTraffic.Summary summary) {
}
