package vn.wardwatch.app.eval;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The file handling the evaluation commands share: checking a YOLO data set's layout, writing the JSON figures. */
public final class EvalFiles {

    private EvalFiles() {
    }

    /**
     * The class names of a YOLO data set after checking that its image and label folders and its class file exist;
     * IllegalArgumentException naming the missing one otherwise.
     */
    public static List<String> yoloClassNames(Path images, Path labels, Path classes) throws IOException {
        for (Path dir : List.of(images, labels)) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("folder " + dir.toAbsolutePath().normalize() + " does not exist");
            }
        }
        if (!Files.isRegularFile(classes)) {
            throw new IllegalArgumentException("class file " + classes.toAbsolutePath().normalize()
                    + " does not exist");
        }
        return YoloLabels.classNames(Files.readAllLines(classes, StandardCharsets.UTF_8));
    }

    /** Writes the figures pretty-printed, creating the folder it goes in. */
    public static void writeJson(Path file, JsonObject figures) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, figures.encodePrettily() + "\n", StandardCharsets.UTF_8);
    }
}
