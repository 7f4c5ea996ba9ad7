/// Semantic checks of the data ``Coverage`` measures with: the headcounts of sites and classes
/// and the network's target share (docs/FORMAT.md, "Coverage").
extension Problem {
    /// Reports negative headcounts and a target outside 0–1 as errors, and headcounts below the
    /// students the instance itself places there as warnings (the share would pass 100%).
    /// O(sites + classes + students).
    static func checkCoverage(_ inst: Instance, into d: inout DiagnosticList) {
        if let target = inst.coverageTarget {
            if !target.isFinite || target < 0 {
                d.error("coverageTarget", "target share \(target)", fix: "give a share from 0 to 1, e.g. 0.3 for 30%")
            } else if target > 1 {
                let hint = target <= 100 ? "; \(Labels.number(target)) looks like a percentage: write \(Labels.number(target / 100))" : ""
                d.error("coverageTarget", "target share \(Labels.number(target)) is above 1",
                        fix: "give a share from 0 to 1, e.g. 0.3 for 30%" + hint)
            }
        }
        var siteOf: [String: Int] = [:]
        for (i, s) in inst.sites.enumerated() where siteOf[s.id] == nil { siteOf[s.id] = i }
        var classOf: [String: Int] = [:]
        for (i, c) in inst.classes.enumerated() where classOf[c.id] == nil { classOf[c.id] = i }
        var atSite = [Int](repeating: 0, count: inst.sites.count)
        var inClass = [Int](repeating: 0, count: inst.classes.count)
        for s in inst.students {
            if let i = siteOf[s.homeSite] { atSite[i] += 1 }
            if let c = s.schoolClass, let i = classOf[c] { inClass[i] += 1 }
        }
        var classTotal = [Int?](repeating: nil, count: inst.sites.count)
        for (i, c) in inst.classes.enumerated() {
            let path = "classes[\(i)].students"
            guard let n = c.students else { continue }
            if n < 0 {
                d.error(path, "negative headcount \(n)", fix: "give the number of students of class \"\(c.id)\", 0 or more, or leave it out")
                continue
            }
            if n < inClass[i] {
                d.warning(path, "class \"\(c.id)\" has \(n) students, but \(inClass[i]) students of the instance are in it",
                          fix: "count every student of the class, not only those in the instance")
            }
            if let si = siteOf[c.site] { classTotal[si] = (classTotal[si] ?? 0) + n }
        }
        for (i, s) in inst.sites.enumerated() {
            let path = "sites[\(i)].seniorStudents"
            guard let n = s.seniorStudents else {
                if let total = classTotal[i], total < atSite[i] {
                    d.warning("sites[\(i)]", "the classes of \"\(s.id)\" count \(total) students, but \(atSite[i]) students of the instance live there",
                              fix: "give seniorStudents for the school, or the students of each of its classes")
                }
                continue
            }
            if n < 0 {
                d.error(path, "negative headcount \(n)", fix: "give the number of senior students of school \"\(s.id)\", 0 or more, or leave it out")
                continue
            }
            if n < atSite[i] {
                d.warning(path, "school \"\(s.id)\" has \(n) senior students, but \(atSite[i]) students of the instance live there",
                          fix: "count every senior student of the school, not only those in the instance")
            }
            if let total = classTotal[i], total > n {
                d.warning(path, "the classes of \"\(s.id)\" count \(total) students, more than the school's \(n) senior students",
                          fix: "correct seniorStudents or the classes' students")
            }
        }
    }
}
