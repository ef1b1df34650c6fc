package vn.wardwatch.detect;

/**
 * How a frame was fitted into the model input: input = frame x scale + pad. Maps model boxes back to frame pixels.
 */
public record InputMapping(double scaleX, double scaleY, double padX, double padY) {

    public BoundingBox toFrame(BoundingBox inputBox) {
        return new BoundingBox((inputBox.x() - padX) / scaleX, (inputBox.y() - padY) / scaleY,
                inputBox.width() / scaleX, inputBox.height() / scaleY);
    }
}
