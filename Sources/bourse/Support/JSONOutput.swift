import BourseReports
import Foundation

/// Prints JSON with sorted keys, pretty-printed, on standard output.
func printJSON(_ value: [[String: JSONValue]]) throws {
    try printJSON(JSONValue.array(value.map(JSONValue.object)))
}

func printJSON(_ value: JSONValue) throws {
    print(try jsonText(value))
}

