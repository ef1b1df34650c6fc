package vn.wardwatch.util;

/** Loads the OpenCV native library once per JVM. Call before touching any {@code Mat}. */
public final class OpenCv {

    private static boolean loaded;

    private OpenCv() {
    }

    public static synchronized void load() {
        if (!loaded) {
            nu.pattern.OpenCV.loadLocally();
            loaded = true;
        }
    }
}
