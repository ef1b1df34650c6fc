/**
 * Evidence pictures and clips with plates and faces hidden, for roles that may see evidence but not whom it shows
 * (issue 8: the coordinator). {@link vn.wardwatch.privacy.PrivacyMasker} is the {@link
 * vn.wardwatch.privacy.MediaMasker} the API calls; it keeps masked copies in {@code <evidence root>/.masked/} and
 * never writes to the signed originals.
 *
 * <p>What is hidden ({@link vn.wardwatch.privacy.SensitiveRegions}): every text line the PP-OCRv4 text detector finds
 * in the whole frame (at the frame's own resolution: on 640x480 it found an 8-pixel-high plate, below what the plate
 * reader can read), and the head of every person, rider and two-wheeler the object detector finds, down to weak
 * scores. No face detector is among our models and traffic-camera faces are too small for one, so heads are hidden
 * by geometry: over-blurring is accepted, a missed face is not. Cars, trucks and buses have their upper part (the
 * windows: drivers and passengers) hidden too. The plate crop ({@code plate.jpg}) is blurred whole.
 * An overview's caption bar (our own text) stays readable.
 *
 * <p>How ({@link vn.wardwatch.privacy.RegionBlur}): pixelated, then Gaussian-blurred; blocks of at least 8 pixels and
 * a quarter of the region's shorter side, so nothing can be read back.
 *
 * <p>Measured ({@code ./scripts/wardwatch bench-privacy}; docs/PERFORMANCE.md) on 2 cores shared with other work
 * (CenterNet 448 on 2 threads, text detector on 1), at load average ~4: a 640x480 picture 150 ms median (text
 * detector 92 ms, object detector 36 ms), a 10 s, 10 fps 640x480 clip 15.5 s with regions on every frame (the
 * application's setting), 8.4 s on every 2nd; at load ~10 about twice that. One look at a 1280x720 frame ~0.6 s, at 1920x1080 ~1.6 s (load ~10), so wider clips are masked at 1280.
 * Of 146 real plates (plates-vn, 70-140 px wide) that the plate reader read in a 640x480 street picture, 0 were
 * readable after masking ({@code PlateLeakEvalTest}, run with {@code -Dprivacy.eval=true}).
 */
package vn.wardwatch.privacy;
