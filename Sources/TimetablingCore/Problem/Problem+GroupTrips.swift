/// What the engines need to send a group (``Group``) on one trip (rule `group-trip` of RULES.md).
extension Problem {
    /// A site a student travels to with a group: legs of the student arriving there or leaving
    /// from there follow the group's trip policy (docs/FORMAT.md, "Groups"), so that members who
    /// share the move share the trip.
    package struct GroupTrip: Sendable, Equatable {
        /// Index into ``Problem/groups``.
        package var group: Int
        /// The group's site.
        package var site: Int
        /// The shortest longest-single-trip among the group's members, minutes: the group's bus
        /// ride is chosen among rides every member may take.
        package var maxTrip: Int
    }

    /// Per student, the group trips of the groups the student is a member of (none for most), one
    /// per site (the first group at a site decides; a member's home site needs no trip). O(members).
    package func groupTrips() -> [[GroupTrip]] {
        var out = [[GroupTrip]](repeating: [], count: students.count)
        for (k, g) in groups.enumerated() {
            let maxTrip = g.members.map { students[$0.student].maxOneWayMinutes }.min() ?? 0
            for m in g.members where students[m.student].home != g.site && !out[m.student].contains(where: { $0.site == g.site }) {
                out[m.student].append(GroupTrip(group: k, site: g.site, maxTrip: maxTrip))
            }
        }
        return out
    }
}
