package io.acd.engine.backlog;

import io.acd.persistence.KryoMessage;
import org.apache.pekko.persistence.query.NoOffset;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.persistence.query.TimeBasedUUID;

import java.util.UUID;

/**
 * How far a feed has read a tag, stored with what it read: the embedded journal counts events (a sequence),
 * Cassandra orders them by time-based UUIDs. Kept as plain numbers, so that the stored form is ours and not
 * a Pekko class's.
 */
public record FeedOffset(Type type, long value, long high) implements KryoMessage {

    public enum Type { NONE, SEQUENCE, TIME_UUID }

    public static final FeedOffset START = new FeedOffset(Type.NONE, 0, 0);

    public static FeedOffset of(Offset offset) {
        if (offset instanceof Sequence sequence) {
            return new FeedOffset(Type.SEQUENCE, sequence.value(), 0);
        }
        if (offset instanceof TimeBasedUUID time) {
            return new FeedOffset(Type.TIME_UUID, time.value().getLeastSignificantBits(),
                    time.value().getMostSignificantBits());
        }
        return START;
    }

    public Offset toOffset() {
        return switch (type) {
            case NONE -> NoOffset.getInstance();
            case SEQUENCE -> Offset.sequence(value);
            case TIME_UUID -> Offset.timeBasedUUID(new UUID(high, value));
        };
    }
}
