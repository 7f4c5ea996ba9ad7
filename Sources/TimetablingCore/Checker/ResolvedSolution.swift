extension Checker {
    /// A ``Solution`` whose every reference resolved to an index of the ``Problem``.
    ///
    /// Days, periods, sites, rooms, courses, teachers, students and bus runs are dense 0-based
    /// indices; clock times are minutes since midnight. Built by ``SolutionResolver``.
    package struct ResolvedSolution {
        struct Section {
            var id: String
            var course: Int
            var teacher: Int
            var mode: DeliveryMode
            var site: Int
            var meetings: [Meeting]
        }

        struct Meeting {
            var day: Int
            /// 0-based first period.
            var period: Int
            var length: Int
            var room: Int
        }

        struct Assignment {
            var student: Int
            var request: Int
            var alternative: Int
            var section: Int
            var onlineRoom: Int?
            var fromHome: Bool
        }

        struct Leg {
            var from: Int
            var to: Int
            var depart: Int
            var arrive: Int
            var busRun: Int?
            var minutes: Int { arrive - depart }
        }

        struct Itinerary {
            var role: Solution.Itinerary.Role
            var person: Int
            var day: Int
            var legs: [Leg]
        }

        struct Unsatisfied {
            var student: Int
            var request: Int
        }

        var sections: [Section] = []
        var assignments: [Assignment] = []
        var itineraries: [Itinerary] = []
        var unsatisfied: [Unsatisfied] = []
    }
}
