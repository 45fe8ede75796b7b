package io.runnel.broker.log;

/**
 * Names the thread that does the log's long file work: building a segment's indexes (which reads the whole segment
 * and truncates and fsyncs the index files) and loading producer state. Such work must never run on a network
 * thread; tests observe this probe to prove it. Nothing in production observes it, so it costs one volatile read.
 */
final class FileWorkProbe {
    /** Told on the thread that is about to do the work. */
    @FunctionalInterface
    interface Observer {
        void performing(String work);
    }

    private volatile Observer observer;

    /** Replaces the observer (null: none). */
    void observe(Observer newObserver) {
        this.observer = newObserver;
    }

    void performing(String work) {
        Observer o = observer;
        if (o != null) {
            o.performing(work);
        }
    }
}
