package io.inlet.lake.format;

import java.util.Arrays;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * One Parquet record kept as the calls that write it, in a compact byte array: the form a buffered event waits in.
 * The event's JSON is converted once, when it is buffered (written to a {@link Recorder}, which is also the check that
 * every value fits its column), and the flush replays the calls into the file ({@link #replay}) without parsing again.
 * Replaying gives the Parquet writer exactly the calls {@link JsonRecordWriter} made, so the file is the same.
 */
public final class RowTape {

    private static final byte START_FIELD = 1;
    private static final byte END_FIELD = 2;
    private static final byte START_GROUP = 3;
    private static final byte END_GROUP = 4;
    private static final byte INTEGER = 5;
    private static final byte LONG = 6;
    private static final byte BOOLEAN_FALSE = 7;
    private static final byte BOOLEAN_TRUE = 8;
    private static final byte BINARY = 9;
    private static final byte FLOAT = 10;
    private static final byte DOUBLE = 11;

    private RowTape() {
    }

    /** Writes the record held by {@code tape} (made for {@code schema}) to {@code consumer}. */
    public static void replay(byte[] tape, RecordConsumer consumer, MessageType schema) {
        replay(tape, 0, tape.length, consumer, schema);
    }

    /** Writes the record held by {@code size} bytes of {@code tape} from {@code offset} to {@code consumer}. */
    public static void replay(byte[] tape, int offset, int size, RecordConsumer consumer, MessageType schema) {
        GroupType[] groups = new GroupType[8];
        Type[] fields = new Type[8];
        int[] indexes = new int[8];
        int group = 0;
        int field = 0;
        groups[0] = schema;
        int pos = offset;
        int end = offset + size;
        consumer.startMessage();
        while (pos < end) {
            byte op = tape[pos++];
            switch (op) {
                case START_FIELD -> {
                    int index = tape[pos++] & 0xFF;
                    if (index == 0xFF) {
                        index = readInt(tape, pos);
                        pos += 4;
                    }
                    Type type = groups[group].getType(index);
                    if (field == fields.length) {
                        fields = Arrays.copyOf(fields, field * 2);
                        indexes = Arrays.copyOf(indexes, field * 2);
                    }
                    indexes[field] = index;
                    fields[field++] = type;
                    consumer.startField(type.getName(), index);
                }
                case END_FIELD -> {
                    field--;
                    consumer.endField(fields[field].getName(), indexes[field]);
                }
                case START_GROUP -> {
                    if (++group == groups.length) {
                        groups = Arrays.copyOf(groups, group * 2);
                    }
                    groups[group] = fields[field - 1].asGroupType();
                    consumer.startGroup();
                }
                case END_GROUP -> {
                    group--;
                    consumer.endGroup();
                }
                case INTEGER -> {
                    consumer.addInteger(readInt(tape, pos));
                    pos += 4;
                }
                case LONG -> {
                    consumer.addLong(readLong(tape, pos));
                    pos += 8;
                }
                case BOOLEAN_FALSE -> consumer.addBoolean(false);
                case BOOLEAN_TRUE -> consumer.addBoolean(true);
                case BINARY -> {
                    int length = readInt(tape, pos);
                    pos += 4;
                    // The tape is never modified: the writer may keep the slice (dictionary, statistics).
                    consumer.addBinary(Binary.fromConstantByteArray(tape, pos, length));
                    pos += length;
                }
                case FLOAT -> {
                    consumer.addFloat(Float.intBitsToFloat(readInt(tape, pos)));
                    pos += 4;
                }
                case DOUBLE -> {
                    consumer.addDouble(Double.longBitsToDouble(readLong(tape, pos)));
                    pos += 8;
                }
                default -> throw new IllegalStateException("corrupt row tape: op " + op + " at " + (pos - 1));
            }
        }
        consumer.endMessage();
    }

    /**
     * The value of the record's top-level INT64 field {@code index} (a timestamp column: its epoch microseconds), or
     * {@code null} when the record leaves the field null. Reads only up to the field: fields are in index order.
     */
    public static Long topLevelLong(byte[] tape, int offset, int size, int index) {
        int depth = 0;
        int pos = offset;
        int end = offset + size;
        boolean inField = false;
        while (pos < end) {
            byte op = tape[pos++];
            switch (op) {
                case START_FIELD -> {
                    int field = tape[pos++] & 0xFF;
                    if (field == 0xFF) {
                        field = readInt(tape, pos);
                        pos += 4;
                    }
                    if (depth == 0) {
                        if (field > index) {
                            return null;
                        }
                        inField = field == index;
                    }
                }
                case END_FIELD -> {
                    if (depth == 0 && inField) {
                        return null;
                    }
                }
                case START_GROUP -> depth++;
                case END_GROUP -> depth--;
                case INTEGER, FLOAT -> pos += 4;
                case LONG -> {
                    if (depth == 0 && inField) {
                        return readLong(tape, pos);
                    }
                    pos += 8;
                }
                case DOUBLE -> pos += 8;
                case BOOLEAN_FALSE, BOOLEAN_TRUE -> {
                }
                case BINARY -> pos += 4 + readInt(tape, pos);
                default -> throw new IllegalStateException("corrupt row tape: op " + op + " at " + (pos - 1));
            }
        }
        return null;
    }

    private static int readInt(byte[] b, int p) {
        return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
    }

    private static long readLong(byte[] b, int p) {
        return (long) readInt(b, p) << 32 | (readInt(b, p + 4) & 0xFFFFFFFFL);
    }

    /** Records the calls of one record; reusable (not thread-safe), one per routing call. */
    public static final class Recorder extends RecordConsumer {
        private byte[] buffer = new byte[512];
        private int size;

        public void reset() {
            size = 0;
        }

        public byte[] toByteArray() {
            return Arrays.copyOf(buffer, size);
        }

        /** Bytes recorded since the last {@link #reset()}. */
        public int size() {
            return size;
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        private void op(byte op) {
            ensure(1);
            buffer[size++] = op;
        }

        private void putInt(int v) {
            buffer[size++] = (byte) (v >>> 24);
            buffer[size++] = (byte) (v >>> 16);
            buffer[size++] = (byte) (v >>> 8);
            buffer[size++] = (byte) v;
        }

        @Override
        public void startMessage() {
            // Implied by the tape: replay starts and ends the message.
        }

        @Override
        public void endMessage() {
        }

        @Override
        public void startField(String field, int index) {
            ensure(6);
            buffer[size++] = START_FIELD;
            if (index < 0xFF) {
                buffer[size++] = (byte) index;
            } else {
                buffer[size++] = (byte) 0xFF;
                putInt(index);
            }
        }

        @Override
        public void endField(String field, int index) {
            op(END_FIELD);
        }

        @Override
        public void startGroup() {
            op(START_GROUP);
        }

        @Override
        public void endGroup() {
            op(END_GROUP);
        }

        @Override
        public void addInteger(int value) {
            ensure(5);
            buffer[size++] = INTEGER;
            putInt(value);
        }

        @Override
        public void addLong(long value) {
            ensure(9);
            buffer[size++] = LONG;
            putInt((int) (value >>> 32));
            putInt((int) value);
        }

        @Override
        public void addBoolean(boolean value) {
            op(value ? BOOLEAN_TRUE : BOOLEAN_FALSE);
        }

        @Override
        public void addBinary(Binary value) {
            // toByteBuffer() views the bytes (getBytesUnsafe() would copy those of a Binary.fromString).
            java.nio.ByteBuffer bytes = value.toByteBuffer();
            int length = bytes.remaining();
            ensure(5 + length);
            buffer[size++] = BINARY;
            putInt(length);
            bytes.get(buffer, size, length);
            size += length;
        }

        @Override
        public void addFloat(float value) {
            ensure(5);
            buffer[size++] = FLOAT;
            putInt(Float.floatToRawIntBits(value));
        }

        @Override
        public void addDouble(double value) {
            ensure(9);
            buffer[size++] = DOUBLE;
            long bits = Double.doubleToRawLongBits(value);
            putInt((int) (bits >>> 32));
            putInt((int) bits);
        }
    }
}
