/// Rules about each section on its own and per course or teacher: `teacher-qualified`,
/// `delivery-mode`, `teacher-site`, `meeting-pattern`, `room-site`, `room-features`,
/// `room-capacity`, `section-size`, `max-sections`, `teacher-weekly-max`.
extension Checker.Evaluation {
    mutating func judgeSections() {
        for (i, s) in solution.sections.enumerated() {
            judgeTeacherAndMode(s)
            judgePattern(s)
            judgeRooms(s, size: solution.size(of: i))
            let course = problem.courses[s.course], size = solution.size(of: i)
            if size < course.minSize || size > course.maxSize {
                found.add(.sectionSize, who: s.id,
                          "section \(s.id) has \(size) students; course \(courseId(s.course)) takes \(course.minSize) to \(course.maxSize)")
            }
        }
        for c in problem.courses.indices {
            let count = solution.sectionsByCourse[c].count
            if let limit = problem.courses[c].maxSections, count > limit {
                found.add(.maxSections, who: courseId(c), "course \(courseId(c)) has \(count) sections, at most \(limit)")
            }
        }
        for t in problem.teachers.indices {
            let periods = solution.sectionsByTeacher[t].reduce(0) { sum, s in
                sum + solution.sections[s].meetings.reduce(0) { $0 + $1.length }
            }
            let limit = problem.teachers[t].maxWeeklyPeriods
            if periods > limit {
                found.add(.teacherWeeklyMax, who: teacherId(t),
                          "teacher \(teacherId(t)) teaches \(periods) network periods a week, at most \(limit)")
            }
        }
    }

    private mutating func judgeTeacherAndMode(_ s: IndexedSolution.Section) {
        let course = problem.courses[s.course], teacher = problem.teachers[s.teacher]
        let c = courseId(s.course), t = teacherId(s.teacher)
        if !course.teachers.contains(s.teacher) {
            found.add(.teacherQualified, who: s.id, "teacher \(t) of section \(s.id) is not eligible for course \(c)")
        }
        switch s.mode {
        case .inPerson:
            if !course.inPersonSites.contains(s.site) {
                let sites = course.inPersonSites.map(siteId).joined(separator: ", ")
                found.add(.deliveryMode, who: s.id, "section \(s.id) is in person at \(siteId(s.site)); course \(c) is taught in person "
                          + (sites.isEmpty ? "nowhere" : "only at \(sites)"))
            }
            if s.meetings.contains(where: \.online) && !teacher.mayTeachOnline {
                found.add(.deliveryMode, who: s.id, "section \(s.id) holds meetings online; teacher \(t) may not teach online")
            }
        case .online:
            if !course.online {
                found.add(.deliveryMode, who: s.id, "section \(s.id) is online; course \(c) is not taught online")
            }
            if !teacher.mayTeachOnline {
                found.add(.deliveryMode, who: s.id, "section \(s.id) is online; teacher \(t) may not teach online")
            }
        }
        if s.site != teacher.home && !teacher.maySite[s.site] {
            let why = teacher.mayTravel ? "\(siteId(s.site)) is not among the teacher's travel sites" : "the teacher may not travel"
            found.add(.teacherSite, who: s.id,
                      "section \(s.id) is at \(siteId(s.site)), away from teacher \(t)'s home \(siteId(teacher.home)); \(why)")
        }
    }

    private mutating func judgePattern(_ s: IndexedSolution.Section) {
        let course = problem.courses[s.course]
        let lengths = s.meetings.map(\.length).sorted()
        if lengths != course.pattern.sorted() {
            found.add(.meetingPattern, who: s.id,
                      "section \(s.id) meets for \(lengths) periods; course \(courseId(s.course)) has pattern \(course.pattern)")
        }
        if s.mode == .inPerson {
            // Blended courses: the meetings held online are the course's online meetings.
            let online = s.meetings.filter(\.online).map(\.length).sorted(by: >)
            if online != course.onlineLengths {
                let expected = course.onlineLengths
                found.add(.meetingPattern, who: s.id,
                          "section \(s.id) holds " + (online.isEmpty ? "no meeting" : "meetings of \(online) periods") + " online; course "
                          + "\(courseId(s.course)) holds " + (expected.isEmpty ? "every meeting in person" : "meetings of \(expected) periods online")
                          + " (onlineMeetings)")
            }
        }
        if course.distinctDays {
            var perDay = [Int](repeating: 0, count: problem.dayCount)
            for m in s.meetings { perDay[m.day] += 1 }
            for (d, n) in perDay.enumerated() where n > 1 {
                found.add(.meetingPattern, who: s.id, day: d,
                          "section \(s.id) meets \(n) times on \(dayId(d)); course \(courseId(s.course)) meets on different days")
            }
        }
    }

    private mutating func judgeRooms(_ s: IndexedSolution.Section, size: Int) {
        let course = problem.courses[s.course]
        // Each room once per use: in person, and as the studio of a blended course's online meetings.
        var seen = Set<Int>(), sited = Set<Int>()
        for m in s.meetings where seen.insert(m.room * 2 + (m.online ? 1 : 0)).inserted {
            let room = problem.rooms[m.room], r = roomId(m.room)
            if room.site != s.site && sited.insert(m.room).inserted {
                found.add(.roomSite, who: s.id, "room \(r) of section \(s.id) is at \(siteId(room.site)), the section at \(siteId(s.site))")
            }
            switch s.mode {
            case .inPerson where m.online:
                // A blended course's online meeting: taught from a studio, not held in a classroom.
                if !room.isOnlineStudio {
                    found.add(.roomFeatures, who: s.id,
                              "room \(r) of an online meeting of section \(s.id) (\(dayId(m.day)) period \(m.period + 1)) is not an "
                              + "\(Problem.onlineStudioFeature): the meeting is held online, its students are not in the room")
                }
            case .inPerson:
                let missing = course.roomFeatures.subtracting(room.features).sorted()
                if !missing.isEmpty {
                    found.add(.roomFeatures, who: s.id,
                              "room \(r) of section \(s.id) lacks \(missing.joined(separator: ", ")) needed by course \(courseId(s.course))")
                }
                if size > room.capacity {
                    found.add(.roomCapacity, who: s.id, "section \(s.id) has \(size) students; room \(r) seats \(room.capacity)")
                }
            case .online:
                if !room.isOnlineStudio {
                    found.add(.roomFeatures, who: s.id,
                              "room \(r) of online section \(s.id) is not an \(Problem.onlineStudioFeature)")
                }
            }
        }
    }
}
