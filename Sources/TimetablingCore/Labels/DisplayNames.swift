/// How records are named for people: the instance's `name` where it has one, else the id.
///
/// Places use the locality (`Terbuny`) when the instance gives one, since a full school name is
/// too long for a timetable cell; ``siteFull(_:)`` gives the whole name for headings.
public struct DisplayNames: Sendable {
    private let courses: [String: String]
    private let teachers: [String: String]
    private let students: [String: String]
    private let sitesShort: [String: String]
    private let sitesFull: [String: String]
    private let rooms: [String: String]

    public init(_ instance: Instance) {
        func table<T>(_ items: [T], _ id: KeyPath<T, String>, _ name: (T) -> String?) -> [String: String] {
            var out: [String: String] = [:]
            for item in items { out[item[keyPath: id]] = name(item) ?? item[keyPath: id] }
            return out
        }
        courses = table(instance.courses, \.id) { $0.name }
        teachers = table(instance.teachers, \.id) { $0.name }
        students = table(instance.students, \.id) { $0.name }
        sitesShort = table(instance.sites, \.id) { $0.locality ?? $0.name }
        sitesFull = table(instance.sites, \.id) { $0.name }
        rooms = table(instance.rooms, \.id) { $0.name }
    }

    public func course(_ id: String) -> String { courses[id] ?? id }
    public func teacher(_ id: String) -> String { teachers[id] ?? id }
    public func student(_ id: String) -> String { students[id] ?? id }
    public func site(_ id: String) -> String { sitesShort[id] ?? id }
    public func siteFull(_ id: String) -> String { sitesFull[id] ?? id }
    public func room(_ id: String) -> String { rooms[id] ?? id }
}
