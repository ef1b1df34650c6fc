package vn.wardwatch.ingest;

import vn.wardwatch.util.DropOldestQueue;

/**
 * Bounded hand-off between one camera's ingest and its analysis. When analysis falls behind, the OLDEST frame is
 * dropped (and its Mat released): for live counting a fresh frame is worth more than a complete backlog.
 */
public final class FrameQueue extends DropOldestQueue<Frame> {

    public FrameQueue(int capacity) {
        super(capacity, Frame::close);
    }
}
