extension Checker {
    /// The state of one check: the indexed solution (with its lookups), the violations found so far, and
    /// the quantities the soft terms are made of.
    ///
    /// The rules are methods of this type, one file per concept (sections, rooms, people, travel,
    /// requests, objective); ``Checker/check(_:)`` runs them in order.
    struct Evaluation {
        let problem: Problem
        let solution: IndexedSolution
        var found: ViolationList
        var measures = Measures()

        init(problem: Problem, solution: IndexedSolution) {
            self.problem = problem
            self.solution = solution
            self.found = ViolationList(dayNames: problem.instance.calendar.days)
        }

        /// Quantities gathered while judging people and legs, summed into soft terms at the end.
        struct Measures {
            var studentGaps = 0
            var teacherGaps = 0
            var studentTravelMinutes = 0
            var teacherTravelMinutes = 0
            var studentLegs = 0
            var teacherLegs = 0
            /// Keys of distinct vehicle trips carrying students (see ``SoftTerm/vehicleTrips``).
            var vehicleTrips = Set<Int>()
        }

        // Ids for messages.
        func studentId(_ s: Int) -> String { problem.instance.students[s].id }
        func teacherId(_ t: Int) -> String { problem.instance.teachers[t].id }
        func roomId(_ r: Int) -> String { problem.instance.rooms[r].id }
        func siteId(_ s: Int) -> String { problem.instance.sites[s].id }
        func courseId(_ c: Int) -> String { problem.instance.courses[c].id }
        func dayId(_ d: Int) -> String { problem.instance.calendar.days[d] }
        func busRunId(_ r: Int) -> String { problem.instance.transport.busRuns[r].id }
        func clock(_ minutes: Int) -> String { ClockTime.text(minutes) }
    }
}
