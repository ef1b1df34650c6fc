package vn.wardwatch.detect;

/** Maps COCO-80 class ids (0-based, as in the model outputs) to the classes WardWatch reports. */
public final class CocoClasses {

    /** Number of classes of the COCO-80 models. */
    public static final int COUNT = 80;

    private static final ObjectClass[] MAP = new ObjectClass[COUNT];

    static {
        MAP[0] = ObjectClass.PERSON;
        MAP[1] = ObjectClass.BICYCLE;
        MAP[2] = ObjectClass.CAR;
        MAP[3] = ObjectClass.MOTORBIKE; // COCO "motorcycle"
        MAP[5] = ObjectClass.BUS;
        MAP[7] = ObjectClass.TRUCK;
        MAP[9] = ObjectClass.TRAFFIC_LIGHT;
    }

    private CocoClasses() {
    }

    /** Our class for a COCO id, or {@code null} for the classes we drop (dogs, chairs, trains, ...). */
    public static ObjectClass toObjectClass(int cocoId) {
        return cocoId >= 0 && cocoId < COUNT ? MAP[cocoId] : null;
    }

    /** The COCO ids that map to one of our classes, ascending; decoders only look at these. */
    public static int[] keptIds() {
        return new int[] {0, 1, 2, 3, 5, 7, 9};
    }
}
