import TimetablingCore
/// Why ``SolutionAssembler`` refused a section or an enrolment: what kind of obstacle, where in
/// the input, and a sentence for people that names the ids involved.
///
/// ```swift
/// do { try assembler.enrol(.init(student: 3, request: 0, alternative: 0, section: x)) }
/// catch { print(error) }   // "student s-ivanovka-10-02 cannot travel on tue: … the road takes 40 min, …"
/// ```
public struct AssemblyError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// An index names nothing: no such course, teacher, site, day, period, room, student,
        /// request, alternative or section; or a meeting without periods.
        case invalidIndex
        /// A section id given twice.
        case duplicateSectionId
        /// The request already has an enrolment.
        case alreadyEnrolled
        /// The teacher has an own-school lesson or another section then (or the section meets twice at once).
        case teacherBusy
        /// The room is used by its site's own timetable, another meeting or students joining online then.
        case roomBusy
        /// The student has a regular lesson or another section then.
        case studentBusy
        /// The teacher's day with this section cannot be travelled (road, trip limit, time, latest return).
        case teacherCannotTravel
        /// The student's day with this section cannot be travelled (road or bus, trip limit, time,
        /// latest return, bus seats).
        case studentCannotTravel
        /// An online enrolment has no place to join from: no computer seat free at every meeting
        /// in a room of the home site, and the student may not join from home.
        case noOnlineSeat
        /// In ``SolutionAssembler/assemble(_:sections:enrolments:engine:reason:)``: the enrolment's
        /// section could not be opened (its own error is listed too).
        case sectionNotOpened
    }

    /// Where in the input passed to ``SolutionAssembler/assemble(_:sections:enrolments:engine:reason:)``.
    public enum Item: Sendable, Equatable, Hashable {
        case section(Int)
        case enrolment(Int)
    }

    public var kind: Kind
    /// The place in the argument, e.g. `meetings[1].room`; prefixed `sections[3].` or
    /// `enrolments[12].` by ``SolutionAssembler/assemble(_:sections:enrolments:engine:reason:)``.
    public var path: String
    public var message: String
    /// The day the obstacle is on, for the busy and travel kinds (an index into the calendar's days).
    public var day: Int?
    /// The section or enrolment of the batch input that was refused; nil for the incremental calls.
    public var item: Item?

    public init(_ kind: Kind, path: String = "", _ message: String, day: Int? = nil, item: Item? = nil) {
        self.kind = kind
        self.path = path
        self.message = message
        self.day = day
        self.item = item
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// Everything ``SolutionAssembler/assemble(_:sections:enrolments:engine:reason:)`` refused, in
/// input order: sections first, then enrolments.
public struct AssemblyFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var errors: [AssemblyError]

    public init(errors: [AssemblyError]) { self.errors = errors }

    public var description: String {
        "the timetable cannot be assembled:\n" + errors.map(\.description).joined(separator: "\n")
    }
}
