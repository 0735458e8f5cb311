package io.cairn.protocol.message;

import java.util.List;

/** A column type as RESULT metadata describes it: an [option] (native_protocol_v5 §4.2.5.2). */
public sealed interface TypeOption {

    int id();

    /** A native type by its protocol id: ascii 0x01 … duration 0x15. */
    record Native(int id) implements TypeOption {
    }

    /** A type known to clients only by its server class name (vectors, custom types). */
    record Custom(String className) implements TypeOption {
        @Override
        public int id() {
            return 0x0000;
        }
    }

    record ListOf(TypeOption element) implements TypeOption {
        @Override
        public int id() {
            return 0x0020;
        }
    }

    record MapOf(TypeOption key, TypeOption value) implements TypeOption {
        @Override
        public int id() {
            return 0x0021;
        }
    }

    record SetOf(TypeOption element) implements TypeOption {
        @Override
        public int id() {
            return 0x0022;
        }
    }

    record Udt(String keyspace, String name, List<String> fieldNames, List<TypeOption> fieldTypes) implements TypeOption {
        public Udt {
            fieldNames = List.copyOf(fieldNames);
            fieldTypes = List.copyOf(fieldTypes);
            if (fieldNames.size() != fieldTypes.size()) {
                throw new IllegalArgumentException("A user type needs one type per field");
            }
        }

        @Override
        public int id() {
            return 0x0030;
        }
    }

    record TupleOf(List<TypeOption> components) implements TypeOption {
        public TupleOf {
            components = List.copyOf(components);
        }

        @Override
        public int id() {
            return 0x0031;
        }
    }
}
