package vn.wardwatch.detect;

import java.util.List;

/** Turns a model's raw outputs into candidate detections (before NMS), in model-input pixel coordinates. */
public interface OutputDecoder {

    /**
     * @param outputs  all outputs of one run, in the session's output order
     * @param minScore candidates scoring below this are dropped
     * @return one detection per (box, kept class) pair at or above {@code minScore}; COCO classes that WardWatch
     *         does not report are left out
     */
    List<Detection> decode(List<OutputTensor> outputs, double minScore);

    /** Throws {@link IllegalArgumentException} naming the problem if these outputs cannot be decoded. */
    void checkOutputShapes(List<long[]> shapes);
}
