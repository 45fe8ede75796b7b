package io.runnel.broker.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Objects;

/** The append listeners of one log manager: registered rarely, read on every append without locking. */
final class AppendListeners {
    private static final Logger LOG = LoggerFactory.getLogger(AppendListeners.class);
    private static final AppendListener[] NONE = new AppendListener[0];

    private volatile AppendListener[] listeners = NONE;

    synchronized void add(AppendListener listener) {
        AppendListener[] cur = listeners;
        AppendListener[] grown = Arrays.copyOf(cur, cur.length + 1);
        grown[cur.length] = Objects.requireNonNull(listener, "listener");
        listeners = grown;
    }

    synchronized void remove(AppendListener listener) {
        AppendListener[] cur = listeners;
        for (int i = 0; i < cur.length; i++) {
            if (cur[i] == listener) {
                AppendListener[] shrunk = new AppendListener[cur.length - 1];
                System.arraycopy(cur, 0, shrunk, 0, i);
                System.arraycopy(cur, i + 1, shrunk, i, cur.length - i - 1);
                listeners = shrunk;
                return;
            }
        }
    }

    void appended(PartitionLog log, int bytes) {
        for (AppendListener listener : listeners) {
            try {
                listener.appended(log, bytes);
            } catch (RuntimeException e) {
                // The append itself succeeded: its caller must not see a listener's failure as its own.
                LOG.error("append listener {} failed after an append to {}", listener, log.topicPartition(), e);
            }
        }
    }
}
