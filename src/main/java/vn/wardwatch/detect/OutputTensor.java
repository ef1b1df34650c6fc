package vn.wardwatch.detect;

import java.util.Arrays;

/** One float output of a model, copied out of ONNX Runtime: its shape and row-major data. */
public record OutputTensor(String name, long[] shape, float[] data) {

    public OutputTensor {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException("tensor " + name + " has shape " + Arrays.toString(shape)
                    + " but " + data.length + " values");
        }
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int i) {
        return shape[i];
    }

    public long lastDim() {
        return shape[shape.length - 1];
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
