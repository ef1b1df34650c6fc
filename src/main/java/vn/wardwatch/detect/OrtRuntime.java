package vn.wardwatch.detect;

import ai.onnxruntime.OrtEnvironment;

/**
 * Hands out the process-wide ONNX Runtime environment, loading the native library on a thread with a large stack.
 * ONNX Runtime 1.29's native library crashes the JVM (SIGSEGV) while loading on a thread with the default 1 MB
 * Java stack (seen with a plain {@code java} main thread; 2 MB is enough). Loading it once here makes any caller
 * thread safe: sessions and runs afterwards work on ordinary threads.
 */
public final class OrtRuntime {

    private static final long LOADER_STACK_BYTES = 16L << 20;

    private static OrtEnvironment environment;

    private OrtRuntime() {
    }

    public static synchronized OrtEnvironment environment() {
        if (environment == null) {
            OrtEnvironment[] result = new OrtEnvironment[1];
            Throwable[] failure = new Throwable[1];
            Thread loader = new Thread(null, () -> {
                try {
                    result[0] = OrtEnvironment.getEnvironment();
                } catch (Throwable t) {
                    failure[0] = t;
                }
            }, "onnxruntime-loader", LOADER_STACK_BYTES);
            loader.start();
            try {
                loader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while loading ONNX Runtime", e);
            }
            if (failure[0] != null) {
                throw new IllegalStateException("cannot load ONNX Runtime: " + failure[0], failure[0]);
            }
            environment = result[0];
        }
        return environment;
    }
}
