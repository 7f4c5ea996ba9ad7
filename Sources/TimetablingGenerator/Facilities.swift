import TimetablingCore
/// The generated rooms of every site, with their features, capacities and computer seats.
///
/// What a site has depends on its kind: a main school has classrooms (the first with a webcam,
/// usable as an online studio), a chemistry and a physics lab, a computer class from which its
/// students join online lessons, two or more dedicated online studios, and sometimes a robotics
/// room; a partner school one studio; a branch has fewer; a small school a classroom and a computer corner from
/// which its students join online lessons. Technoparks have robotics and IT labs, colleges
/// workshops, the regional centre online studios only. Computer seats grow with the number of
/// students of the site (a third of them, 4–16 per room; half as many again in the Arctic,
/// where online is often the only link).
struct Facilities {
    var rooms: [Room]
    /// Features available at each site (union over its rooms).
    var features: [Set<String>]
    /// Largest capacity of a room with each feature set, per site: `capacity(site, features)`.
    private var roomsBySite: [[Int]]

    static let chemistryLab = "chemistry-lab", physicsLab = "physics-lab", computerClass = "computer-class"
    static let robotics = "robotics", studio = "online-studio", workshop = "workshop"

    func hasStudio(_ site: Int) -> Bool { features[site].contains(Self.studio) }

    /// The largest room at `site` that has all of `needed`, or 0 when there is none.
    func capacity(at site: Int, with needed: [String]) -> Int {
        roomsBySite[site].map { rooms[$0] }.filter { Set(needed).isSubset(of: $0.features) }.map(\.capacity).max() ?? 0
    }

    static func make(geography g: Geography, week: SchoolWeek, studentsAt: [Int], profile: GeneratorParameters.Profile,
                     rng: inout SeededRandom) -> Facilities {
        var rooms: [Room] = []
        var features = [Set<String>](repeating: [], count: g.count)
        var bySite = [[Int]](repeating: [], count: g.count)
        for (s, place) in g.places.enumerated() {
            func add(_ suffix: String, _ name: String, _ capacity: Int, _ feats: [String], seats: Int = 0, _ use: SchoolWeek.RoomUse) {
                bySite[s].append(rooms.count)
                features[s].formUnion(feats)
                rooms.append(Room(id: "\(place.id)-\(suffix)", site: place.id, name: name, capacity: capacity, features: feats,
                                  computerSeats: seats, busy: week.busy(week.roomTimetable(use, rng: &rng))))
            }
            let students = studentsAt[s]
            // Seats for joining online: half of the site's students (70 % in the Arctic), at
            // least 4, in rooms of at most 16 seats.
            let seatShare = profile == .arctic ? 0.7 : 0.5
            let seatsNeeded = max(4, Int((Double(students) * seatShare).rounded(.up)))
            let seats = min(16, seatsNeeded)
            switch place.kind {
            case .main, .partner, .branch:
                let classrooms = (place.kind == .main ? 3 : place.kind == .partner ? 2 : 1) + students / 60
                // Room 1 has an interactive board and a webcam: teachers can teach online from it
                // (at a branch with 70 %).
                let studioRoom = place.kind != .branch || rng.chance(0.7)
                for k in 1...classrooms {
                    add("room-\(k)", "Room \(k)", rng.int(in: place.kind == .branch ? 16...24 : 24...30),
                        k == 1 && studioRoom ? [studio] : [], .classroom)
                }
                let labChance = place.kind == .main ? 1.0 : place.kind == .partner ? 0.5 : 0.2
                if rng.chance(labChance) { add("chem-lab", "Chemistry lab", rng.int(in: 14...18), [chemistryLab], .specialised) }
                if rng.chance(labChance) { add("physics-lab", "Physics lab", rng.int(in: 14...18), [physicsLab], .specialised) }
                // The computer class is where the site's students join online lessons.
                let computers = max(seats, place.kind == .branch ? 8 : 12)
                add("computer", "Computer class", computers + rng.int(in: 0...2), [computerClass], seats: computers, .specialised)
                // More seats in laptop sets ("mobile computer classes") kept in classrooms.
                var extra = seatsNeeded - computers, k = 2
                while extra > 0 {
                    let n = min(16, extra)
                    add("computer-\(k)", "Mobile computer class \(k - 1)", n + 2, [computerClass], seats: n, .classroom)
                    extra -= n
                    k += 1
                }
                // Dedicated studios of the network: two at a main school (plus one per 100
                // students), one at a partner school.
                let studios = place.kind == .main ? 2 + students / 100 : place.kind == .partner ? 1 : 0
                for k in 0..<studios {
                    add(k == 0 ? "studio" : "studio-\(k + 1)", k == 0 ? "Online studio" : "Online studio \(k + 1)", 4, [studio], .studio)
                }
                if rng.chance(place.kind == .main ? 0.4 : place.kind == .partner ? 0.15 : 0) {
                    add("robotics", "Robotics room", rng.int(in: 10...14), [robotics], .specialised)
                }
            case .smallSchool:
                add("room-1", "Classroom", rng.int(in: 10...14), [], .classroom)
                let corner = min(8, seatsNeeded)
                add("computer", "Computer corner of the library", corner + 1, [computerClass], seats: corner, .studio)
                if seatsNeeded > corner {
                    add("computer-2", "Mobile computer class", seatsNeeded - corner + 2, [computerClass],
                        seats: seatsNeeded - corner, .classroom)
                }
            case .technopark:
                add("robotics", "Robotics quantum", rng.int(in: 12...16), [robotics], .technopark)
                add("it", "IT quantum", 15, [computerClass], seats: 14, .technopark)
                add("hitech", "Hi-tech quantum", 12, [robotics, computerClass], seats: 10, .technopark)
                add("studio", "Online studio", 4, [studio], .studio)
                add("lecture", "Lecture room", 24, [], .technopark)
            case .college:
                add("room-1", "Lecture room", 30, [], .classroom)
                add("workshop", "Agrotechnology workshop", 16, [workshop], .specialised)
                add("chem-lab", "Chemistry and biology lab", 16, [chemistryLab], .specialised)
                add("computer", "Computer class", 16, [computerClass, studio], seats: 15, .specialised)
            case .centre:
                add("studio-1", "Online studio 1", 4, [studio], .studio)
                add("studio-2", "Online studio 2", 4, [studio], .studio)
                add("hall", "Conference hall", 40, [], .studio)
            }
        }
        return Facilities(rooms: rooms, features: features, roomsBySite: bySite)
    }
}
