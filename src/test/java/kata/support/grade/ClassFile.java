package kata.support.grade;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The two facts the grader needs from a compiled class, read from its bytes (JVM specification, chapter 4): the
 * source file it was compiled from, and the first source line of each method.
 *
 * <p>The source file maps a class that a learner's file declared outside its kata's package back to that file; the
 * first lines put the plan in the order the tests are written in, which is the order a kata teaches in (JUnit's own
 * method order is deliberately arbitrary). Nothing here loads or runs the class.
 *
 * @param sourceFile  the {@code SourceFile} attribute ({@code "ServerProbe.java"}), or empty when compiled without it
 * @param firstLines  {@code name + descriptor} ({@code "get(Ljava/lang/String;)Ljava/lang/String;"}) to the lowest
 *                    line in that method's line number table; methods without code or line numbers are absent
 */
public record ClassFile(Optional<String> sourceFile, Map<String, Integer> firstLines) {

    private static final int MAGIC = 0xCAFEBABE;

    /** Reads a class file; a file that is not one fails with an IOException that says so. */
    public static ClassFile read(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a class file (no 0xCAFEBABE at its start)");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        String[] utf8 = constantPool(in);
        in.readUnsignedShort(); // access flags
        in.readUnsignedShort(); // this class
        in.readUnsignedShort(); // super class
        in.skipBytes(2 * in.readUnsignedShort()); // interfaces
        members(in, utf8, null); // fields
        Map<String, Integer> lines = new HashMap<>();
        members(in, utf8, lines); // methods
        String source = null;
        for (int i = in.readUnsignedShort(); i > 0; i--) {
            String name = utf8[in.readUnsignedShort()];
            int length = in.readInt();
            if ("SourceFile".equals(name)) {
                source = utf8[in.readUnsignedShort()];
                in.skipBytes(length - 2);
            } else {
                in.skipBytes(length);
            }
        }
        return new ClassFile(Optional.ofNullable(source), Map.copyOf(lines));
    }

    /** The first line of a method, by name and JVM descriptor. */
    public OptionalInt firstLine(String name, String descriptor) {
        Integer line = firstLines.get(name + descriptor);
        return line == null ? OptionalInt.empty() : OptionalInt.of(line);
    }

    /** The constant pool's UTF-8 entries by index (others null): names, descriptors and attribute names. */
    private static String[] constantPool(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF(); // the class file's modified UTF-8 is DataInput's
                case 7, 8, 16, 19, 20 -> in.skipBytes(2); // class, string, method type, module, package
                case 15 -> in.skipBytes(3); // method handle
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4); // int, float, refs, name and type, dynamic
                case 5, 6 -> { // long and double take two slots
                    in.skipBytes(8);
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        return utf8;
    }

    /** Reads fields or methods; for methods ({@code lines} not null) notes each one's first line. */
    private static void members(DataInputStream in, String[] utf8, Map<String, Integer> lines) throws IOException {
        for (int m = in.readUnsignedShort(); m > 0; m--) {
            in.readUnsignedShort(); // access flags
            String key = utf8[in.readUnsignedShort()] + utf8[in.readUnsignedShort()];
            for (int a = in.readUnsignedShort(); a > 0; a--) {
                String name = utf8[in.readUnsignedShort()];
                byte[] attribute = new byte[in.readInt()];
                in.readFully(attribute);
                if (lines != null && "Code".equals(name)) {
                    firstLine(attribute, utf8).ifPresent(line -> lines.merge(key, line, Math::min));
                }
            }
        }
    }

    /** The lowest line in a Code attribute's LineNumberTable. */
    private static OptionalInt firstLine(byte[] code, String[] utf8) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(code));
        in.skipBytes(4); // max stack, max locals
        in.skipBytes(in.readInt()); // the bytecode
        in.skipBytes(8 * in.readUnsignedShort()); // exception table
        int first = Integer.MAX_VALUE;
        for (int a = in.readUnsignedShort(); a > 0; a--) {
            String name = utf8[in.readUnsignedShort()];
            int length = in.readInt();
            if (!"LineNumberTable".equals(name)) {
                in.skipBytes(length);
                continue;
            }
            for (int entry = in.readUnsignedShort(); entry > 0; entry--) {
                in.readUnsignedShort(); // start pc
                first = Math.min(first, in.readUnsignedShort());
            }
        }
        return first == Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of(first);
    }
}
