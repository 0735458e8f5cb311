package io.cairn.protocol.message;

import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.ListType;
import io.cairn.cql.type.MapType;
import io.cairn.cql.type.NativeType;
import io.cairn.cql.type.SetType;
import io.cairn.cql.type.TupleType;
import io.cairn.cql.type.UserType;
import io.cairn.cql.type.VectorType;

import java.util.ArrayList;
import java.util.List;

/** The protocol's [option] for a CQL type (native_protocol_v5 §4.2.5.2). */
public final class TypeOptions {

    private TypeOptions() {
    }

    public static TypeOption of(CqlType type) {
        if (type instanceof NativeType nativeType) {
            return new TypeOption.Native(nativeType.protocolId());
        }
        if (type instanceof ListType list) {
            return new TypeOption.ListOf(of(list.element()));
        }
        if (type instanceof SetType set) {
            return new TypeOption.SetOf(of(set.element()));
        }
        if (type instanceof MapType map) {
            return new TypeOption.MapOf(of(map.keys()), of(map.values()));
        }
        if (type instanceof VectorType vector) {
            // native_protocol_v5 §6.25: a vector travels as a custom type named by Cassandra's class.
            return new TypeOption.Custom(vector.marshalClassName());
        }
        if (type instanceof TupleType tuple) {
            List<TypeOption> components = new ArrayList<>();
            for (CqlType component : tuple.components()) {
                components.add(of(component));
            }
            return new TypeOption.TupleOf(components);
        }
        UserType udt = (UserType) type;
        List<TypeOption> fields = new ArrayList<>();
        for (CqlType field : udt.fieldTypes()) {
            fields.add(of(field));
        }
        return new TypeOption.Udt(udt.keyspace(), udt.name(), udt.fieldNames(), fields);
    }
}
