package vn.wardwatch.evidence;

import java.nio.file.Path;
import java.util.Objects;
import org.opencv.core.Mat;

/** One file to put in an evidence package, by name, from bytes, an image to encode as JPEG, or a file to copy. */
public sealed interface EvidenceFile {

    /** The file's name in the package directory: a plain name, no directories. */
    String name();

    static EvidenceFile bytes(String name, byte[] data) {
        return new Bytes(name, data);
    }

    /** An image encoded as JPEG when the package is written; the caller keeps ownership of the {@code Mat}. */
    static EvidenceFile jpeg(String name, Mat image) {
        return new Jpeg(name, image);
    }

    /** An existing file (e.g. the clip) copied into the package; the source is left in place. */
    static EvidenceFile copyOf(String name, Path source) {
        return new Copy(name, source);
    }

    record Bytes(String name, byte[] data) implements EvidenceFile {
        public Bytes {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(data, "data");
        }
    }

    record Jpeg(String name, Mat image) implements EvidenceFile {
        public Jpeg {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(image, "image");
        }
    }

    record Copy(String name, Path source) implements EvidenceFile {
        public Copy {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(source, "source");
        }
    }
}
