/// Rules about students' requests and assignments: `assignment`, `online-join`,
/// `required-request`, `unsatisfied-list`. O(assignments + requests).
extension Checker.Evaluation {
    mutating func judgeRequests() {
        for a in solution.assignments {
            judgeAssignment(a)
            judgeOnlineJoin(a)
        }
        var listed = [Bool](repeating: false, count: solution.requestCount)
        for u in solution.unsatisfied { listed[solution.requestBase[u.student] + u.request] = true }
        for (s, student) in problem.students.enumerated() {
            let who = studentId(s)
            for (r, request) in student.requests.enumerated() {
                let flat = solution.requestBase[s] + r
                let count = solution.assignmentCount[flat]
                if count > 1 {
                    found.add(.assignment, who: who, "request \(r) of student \(who) has \(count) assignments, at most 1")
                }
                if count == 0 && request.required {
                    found.add(.requiredRequest, who: who, "required request \(r) of student \(who) has no assignment")
                }
                if count == 0 && !listed[flat] {
                    found.add(.unsatisfiedList, who: who,
                              "request \(r) of student \(who) has no assignment and is not listed in unsatisfied")
                } else if count > 0 && listed[flat] {
                    let section = solution.sections[solution.assignments[solution.firstAssignment[flat]].section].id
                    found.add(.unsatisfiedList, who: who,
                              "request \(r) of student \(who) is listed in unsatisfied but is assigned to section \(section)")
                }
            }
        }
    }

    /// `group-together`: the members of a group (``Group``) who have the group's request granted are
    /// all in one section. (A member without it is a `required-request` violation already.)
    mutating func judgeGroups() {
        for g in problem.groups {
            var sections: [Int: [String]] = [:]
            for m in g.members {
                let flat = solution.requestBase[m.student] + m.request
                guard solution.assignmentCount[flat] > 0 else { continue }
                sections[solution.assignments[solution.firstAssignment[flat]].section, default: []].append(studentId(m.student))
            }
            guard sections.count > 1 else { continue }
            let parts = sections.keys.sorted().map { x in
                "\(solution.sections[x].id) (\(sections[x]!.count): \(sections[x]!.prefix(3).joined(separator: ", "))\(sections[x]!.count > 3 ? ", …" : ""))"
            }
            found.add(.groupTogether, who: g.id,
                      "group \(g.id) (\(g.members.count) students) attends course \(courseId(g.course)) in \(sections.count) sections, one expected: "
                      + parts.joined(separator: ", "))
        }
    }

    private mutating func judgeAssignment(_ a: IndexedSolution.Assignment) {
        let student = problem.students[a.student], who = studentId(a.student)
        let alt = student.requests[a.request].alternatives[a.alternative]
        let section = solution.sections[a.section]
        let what = "request \(a.request) alternative \(a.alternative) of student \(who)"
        if section.course != alt.course {
            found.add(.assignment, who: who,
                      "\(what) asks for course \(courseId(alt.course)); section \(section.id) is course \(courseId(section.course))")
        }
        if let mode = alt.mode, mode != section.mode {
            found.add(.assignment, who: who, "\(what) asks for \(mode.rawValue); section \(section.id) is \(section.mode.rawValue)")
        }
        if let site = alt.site, section.mode != .inPerson || section.site != site {
            found.add(.assignment, who: who, "\(what) asks for in person at \(siteId(site)); section \(section.id) is "
                      + "\(section.mode.rawValue) at \(siteId(section.site))")
        }
        let grades = problem.courses[section.course].grades
        if !grades.isEmpty && !grades.contains(student.grade) {
            found.add(.assignment, who: who, "student \(who) is in grade \(student.grade); course \(courseId(section.course)) is for grades "
                      + grades.sorted().map(String.init).joined(separator: ", "))
        }
    }

    private mutating func judgeOnlineJoin(_ a: IndexedSolution.Assignment) {
        let student = problem.students[a.student], who = studentId(a.student)
        let section = solution.sections[a.section]
        guard section.hasOnlineMeetings else {
            if a.onlineRoom != nil || a.fromHome {
                found.add(.onlineJoin, who: who, "student \(who) joins in-person section \(section.id) online")
            }
            return
        }
        let what = section.mode == .online ? "online section" : "the online meetings of section"
        if !student.mayAttendOnline {
            found.add(.onlineJoin, who: who, "student \(who) may not attend online, but is in \(what) \(section.id)")
        }
        switch (a.onlineRoom, a.fromHome) {
        case (nil, false):
            found.add(.onlineJoin, who: who, "student \(who) joins \(what) \(section.id) neither from a room nor from home")
        case (.some, true):
            found.add(.onlineJoin, who: who, "student \(who) joins \(what) \(section.id) both from a room and from home")
        case (.some(let r), false):
            let room = problem.rooms[r]
            if room.site != student.home {
                found.add(.onlineJoin, who: who, "student \(who) joins section \(section.id) from room \(roomId(r)) at \(siteId(room.site)), "
                          + "not at the home site \(siteId(student.home))")
            }
            if room.computerSeats < 1 {
                found.add(.onlineJoin, who: who, "student \(who) joins section \(section.id) from room \(roomId(r)), which has no computer seats")
            }
        case (nil, true):
            if !student.onlineFromHome {
                found.add(.onlineJoin, who: who, "student \(who) joins section \(section.id) from home, which the student may not")
            }
        }
    }
}
