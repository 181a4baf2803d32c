package org.geosync.core.internal.message;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;

import org.geosync.core.GeodatabaseException;
import org.geosync.core.internal.sync.ChangeSpool;
import org.geosync.core.internal.sync.RowStore;

/**
 * How one value of a row travels as bytes: a type tag, then the value (text as UTF-8, or as UTF-16 code units when it holds a
 * lone surrogate). The change entries of a message file use it, and so do the spool of a connected synchronization
 * ({@link ChangeSpool}) and the values a side decided against ({@link RowStore}, {@code GDB_DECIDED}). It knows nothing of
 * records, entries or files ({@link MessageWriter}, {@link MessageReader}).
 */
public final class MessageValues {

    private MessageValues() {
    }

    /** Writes one value with its type tag ({@link #read} reads it back). */
    public static void write(DataOutputStream out, String col, Object v) throws IOException, GeodatabaseException {
        switch (v) {
            case null -> out.writeByte(0);
            case String s when wellFormed(s) -> {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                out.writeByte(1);
                out.writeInt(b.length);
                out.write(b);
            }
            case String s -> {
                // a lone surrogate has no UTF-8 form (it would become '?'): such text goes as its UTF-16 code units
                out.writeByte(12);
                out.writeInt(s.length());
                out.writeChars(s);
            }
            case Integer i -> {
                out.writeByte(2);
                out.writeInt(i);
            }
            case Long l -> {
                out.writeByte(3);
                out.writeLong(l);
            }
            case Double d -> {
                out.writeByte(4);
                out.writeDouble(d);
            }
            case java.sql.Date d -> {
                out.writeByte(5);
                out.writeUTF(d.toLocalDate().toString());
            }
            case java.sql.Timestamp t -> {
                out.writeByte(6);
                out.writeUTF(t.toLocalDateTime().toString());
            }
            case byte[] b -> {
                out.writeByte(7);
                out.writeInt(b.length);
                out.write(b);
            }
            case Short s -> {
                out.writeByte(8);
                out.writeShort(s);
            }
            case Float f -> {
                out.writeByte(9);
                out.writeFloat(f);
            }
            case java.math.BigDecimal d -> {
                out.writeByte(10);
                out.writeUTF(d.toString());
            }
            case Boolean b -> {
                out.writeByte(11);
                out.writeBoolean(b);
            }
            default -> throw new GeodatabaseException("Cannot write the value of column " + col + " (a " + v.getClass().getSimpleName()
                    + ") to a message.");
        }
    }

    /** Whether every surrogate of {@code s} is part of a pair (then UTF-8 carries it exactly). */
    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(ch)) {
                return false;
            }
        }
        return true;
    }

    /** Reads one value {@link #write} wrote; a text or bytes longer than {@code limit} are refused. */
    public static Object read(DataInputStream in, long limit) throws IOException {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case 0 -> null;
            case 1 -> new String(bytes(in, limit), StandardCharsets.UTF_8);
            case 2 -> in.readInt();
            case 3 -> in.readLong();
            case 4 -> in.readDouble();
            case 5 -> java.sql.Date.valueOf(LocalDate.parse(in.readUTF()));
            case 6 -> java.sql.Timestamp.valueOf(LocalDateTime.parse(in.readUTF()));
            case 7 -> bytes(in, limit);
            case 8 -> in.readShort();
            case 9 -> in.readFloat();
            case 10 -> new java.math.BigDecimal(in.readUTF());
            case 11 -> in.readBoolean();
            case 12 -> chars(in, limit);
            default -> throw new IOException("unknown value type " + tag);
        };
    }

    private static String chars(DataInputStream in, long limit) throws IOException {
        int n = in.readInt();
        if (n < 0 || 2L * n > limit) {
            throw new IOException("a text of " + n + " characters in an entry of " + limit + " bytes");
        }
        char[] text = new char[n];
        for (int i = 0; i < n; i++) {
            text[i] = in.readChar();
        }
        return new String(text);
    }

    private static byte[] bytes(DataInputStream in, long limit) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > limit) {
            throw new IOException("a value of " + n + " bytes in an entry of " + limit);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
