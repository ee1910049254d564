/// What a parser of `FieldParsers` made of a field: missing, a value, or invalid with a French reason.
public enum FieldValue<Value: Sendable>: Sendable {
    case missing
    case value(Value)
    case invalid(String)
}

extension FieldValue: Equatable where Value: Equatable {}
