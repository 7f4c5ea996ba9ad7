import TimetablingCore
/// Where the generated sites are and how long it takes to get from one to another.
///
/// Sites are points on a map in kilometres. Rural profiles build a road graph (a minimum
/// spanning tree of each road-connected group plus links to the nearest neighbours, every road
/// longer than the straight line by a detour factor of 1.15–1.45) and take shortest paths
/// through it (Dijkstra); the city profile travels by public transport, a fixed overhead plus
/// distance over a city speed. Sites in different road groups get `nil`: no road.
struct Geography {
    enum Kind: String {
        case main, branch, smallSchool = "small-school", partner, college, technopark, centre

        /// Sites of these kinds have senior students and a regular timetable.
        var hasStudents: Bool { self == .main || self == .branch || self == .smallSchool || self == .partner }
    }

    struct Place {
        var id: String
        var name: String
        var kind: Kind
        var locality: String
        /// Position in km.
        var x: Double
        var y: Double
        /// The district the site belongs to (its school buses and its main school).
        var district: Int
        /// Road group: sites of different groups have no road between them.
        var roadGroup: Int
        /// Relative share of the network's students; 0 for sites without students.
        var studentWeight: Double
    }

    var places: [Place]
    /// Minutes by road (or public transport), `nil` for no road; symmetric, 0 on the diagonal.
    var minutes: [[Int?]]
    /// Index of the main school of each district.
    var hubs: [Int]

    var count: Int { places.count }

    func distance(_ a: Int, _ b: Int) -> Double {
        let dx = places[a].x - places[b].x, dy = places[a].y - places[b].y
        return (dx * dx + dy * dy).squareRoot()
    }

    // MARK: - Building

    static func make(profile: GeneratorParameters.Profile, sites n: Int, rng: inout SeededRandom) -> Geography {
        var names = NameBook(profile: profile)
        var g: Geography
        switch profile {
        case .district: g = rural(n, arctic: false, names: &names, rng: &rng)
        case .arctic: g = rural(n, arctic: true, names: &names, rng: &rng)
        case .city: g = city(n, names: &names, rng: &rng)
        }
        g.minutes = profile == .city ? cityMinutes(g, rng: &rng) : roadMinutes(g, arctic: profile == .arctic, rng: &rng)
        return g
    }

    /// Districts of villages around main schools (and, for the Arctic, settlements far apart,
    /// many without a road). A district has about 12 schools: the main school at its centre, the
    /// others 4 to 8 + 10·√(n/11) km out (Arctic: 40 % on roads 20–70 km out, the rest isolated
    /// settlements 80–300 km out, a quarter of them sharing a local road with a neighbour).
    private static func rural(_ n: Int, arctic: Bool, names: inout NameBook, rng: inout SeededRandom) -> Geography {
        let hasCentre = n >= 8
        let colleges = !arctic && n >= 12 ? max(1, n / 60) : 0
        let technoparks = !arctic && n >= 16 ? max(1, n / 40) : 0
        let schools = n - (hasCentre ? 1 : 0) - colleges - technoparks
        let districts = max(1, Int((Double(schools) / 12).rounded()))
        let columns = Int(Double(districts).squareRoot().rounded(.up))
        let spacing = arctic ? 260.0 : 50.0

        var places: [Place] = []
        var hubs: [Int] = []
        var nextGroup = 0
        for d in 0..<districts {
            let inDistrict = schools / districts + (d < schools % districts ? 1 : 0)
            let cx = Double(d % columns) * spacing + rng.uniform(-0.15, 0.15) * spacing
            let cy = Double(d / columns) * spacing + rng.uniform(-0.15, 0.15) * spacing
            // One road network for a rural district region; in the Arctic each district's roads
            // are their own, hundreds of kilometres from the next.
            let hubGroup = arctic ? nextGroup : 0
            nextGroup += 1
            let town = names.locality(&rng)
            hubs.append(places.count)
            places.append(Place(id: names.id(town), name: "\(town) secondary school", kind: .main, locality: town,
                                x: cx, y: cy, district: d, roadGroup: hubGroup, studentWeight: 3.0 * rng.uniform(0.8, 1.2)))
            let radius = arctic ? 70.0 : 8 + 10 * (Double(max(inDistrict, 1)) / 11).squareRoot()
            var lastIsolated: Int? = nil
            for k in 1..<max(inDistrict, 1) {
                let village = names.locality(&rng)
                var x = cx, y = cy, group = hubGroup
                if !arctic {
                    (x, y) = spot(around: (cx, cy), from: 4, to: radius, avoiding: places, rng: &rng)
                } else {
                    // 45 % on the district's roads (20–70 km), the rest isolated settlements
                    // 80–300 km out; a quarter of those share a local road with the previous one.
                    let isolated = (rng.chance(0.55) || (inDistrict >= 3 && k == inDistrict - 1 && lastIsolated == nil))
                    if !isolated {
                        (x, y) = spot(around: (cx, cy), from: 20, to: 70, avoiding: places, rng: &rng)
                    } else if let prev = lastIsolated, rng.chance(0.25) {
                        (x, y) = spot(around: (places[prev].x, places[prev].y), from: 15, to: 35, avoiding: places, rng: &rng)
                        group = places[prev].roadGroup
                    } else {
                        (x, y) = spot(around: (cx, cy), from: 80, to: 300, avoiding: places, rng: &rng)
                        group = nextGroup
                        nextGroup += 1
                    }
                    if group != hubGroup { lastIsolated = places.count }
                }
                let roll = rng.unit()
                let kind: Kind = roll < 0.55 ? .branch : roll < 0.78 ? .smallSchool : .partner
                let name: String
                switch kind {
                case .branch: name = "\(village) branch of \(town) school"
                case .smallSchool: name = "\(village) basic school"
                default: name = "\(village) secondary school"
                }
                let weight = (kind == .branch ? 1.0 : kind == .smallSchool ? 0.35 : 1.6) * rng.uniform(0.7, 1.3)
                places.append(Place(id: names.id(village), name: name, kind: kind, locality: village, x: x, y: y,
                                    district: d, roadGroup: group, studentWeight: weight))
            }
        }
        // Colleges and technoparks stand in district towns, 1–3 km from the main school.
        for i in 0..<colleges {
            let hub = places[hubs[(i * districts) / colleges]]
            let (x, y) = spot(around: (hub.x, hub.y), from: 1, to: 3, avoiding: [], rng: &rng)
            places.append(Place(id: names.id(hub.locality + "-college"), name: "\(hub.locality) agrarian college", kind: .college,
                                locality: hub.locality, x: x, y: y, district: hub.district, roadGroup: hub.roadGroup, studentWeight: 0))
        }
        for i in 0..<technoparks {
            let hub = places[hubs[min(districts - 1, (i * districts + districts / 2) / technoparks)]]
            let (x, y) = spot(around: (hub.x, hub.y), from: 1, to: 3, avoiding: [], rng: &rng)
            places.append(Place(id: names.id(hub.locality + "-technopark"), name: "Kvantorium technopark, \(hub.locality)",
                                kind: .technopark, locality: hub.locality, x: x, y: y, district: hub.district,
                                roadGroup: hub.roadGroup, studentWeight: 0))
        }
        if hasCentre {
            // The regional centre for vocational orientation: about 100 km away (in the Arctic,
            // the regional capital, with no road at all); online or occasional visits only.
            let hub = places[hubs[0]]
            let far = arctic ? rng.uniform(350, 500) : rng.uniform(95, 110)
            let group = arctic ? nextGroup : hub.roadGroup
            places.append(Place(id: names.id("regional-centre"), name: "Regional centre for vocational orientation", kind: .centre,
                                locality: names.capital, x: hub.x - far, y: hub.y + rng.uniform(-10, 10), district: 0,
                                roadGroup: group, studentWeight: 0))
        }
        return Geography(places: places, minutes: [], hubs: hubs)
    }

    /// A lyceum, a technopark close to it, city schools, and from 10 sites on a college.
    private static func city(_ n: Int, names: inout NameBook, rng: inout SeededRandom) -> Geography {
        let technoparks = n >= 2 ? max(1, n / 15) : 0
        let colleges = n >= 10 ? 1 : 0
        let schools = n - technoparks - colleges
        let side = 4 + 2 * Double(n).squareRoot()
        var places: [Place] = []
        let city = names.capital
        var numbers = Array(2...(schools + 60))
        rng.shuffle(&numbers)
        for k in 0..<schools {
            let (x, y) = k == 0 ? (0.0, 0.0) : spot(inSquare: side, avoiding: places, rng: &rng)
            let number = k == 0 ? 1 : numbers[k]
            places.append(Place(id: k == 0 ? "lyceum-1" : "school-\(number)",
                                name: k == 0 ? "Lyceum No. 1" : "School No. \(number)", kind: k == 0 ? .main : .partner,
                                locality: city, x: x, y: y, district: 0, roadGroup: 0,
                                studentWeight: (k == 0 ? 4.0 : 2.0) * rng.uniform(0.8, 1.2)))
        }
        for t in 0..<technoparks {
            // The first technopark is the lyceum's partner, a short ride away.
            let (x, y) = t == 0 ? spot(around: (0, 0), from: 1.5, to: 3, avoiding: [], rng: &rng)
                : spot(inSquare: side, avoiding: places, rng: &rng)
            let label = t == 0 ? "kvantorium" : "kvantorium-\(t + 1)"
            places.append(Place(id: "technopark-\(label)", name: t == 0 ? "Kvantorium technopark" : "Kvantorium technopark No. \(t + 1)",
                                kind: .technopark, locality: city, x: x, y: y, district: 0, roadGroup: 0, studentWeight: 0))
        }
        for _ in 0..<colleges {
            let (x, y) = spot(inSquare: side, avoiding: places, rng: &rng)
            places.append(Place(id: "polytechnic-college", name: "\(city) polytechnic college", kind: .college, locality: city,
                                x: x, y: y, district: 0, roadGroup: 0, studentWeight: 0))
        }
        return Geography(places: places, minutes: [], hubs: [0])
    }

    /// A point at distance `from…to` km around `centre`, kept 2.5 km from the other places
    /// when possible (rejection sampling in the square, no trigonometry).
    private static func spot(around centre: (Double, Double), from r0: Double, to r1: Double, avoiding others: [Place],
                             rng: inout SeededRandom) -> (Double, Double) {
        var best = (centre.0 + r1, centre.1)
        for attempt in 0..<400 {
            let dx = rng.uniform(-r1, r1), dy = rng.uniform(-r1, r1)
            let r = (dx * dx + dy * dy).squareRoot()
            guard r >= r0, r <= r1 else { continue }
            let p = (centre.0 + dx, centre.1 + dy)
            best = p
            if attempt > 300 || !others.contains(where: { ($0.x - p.0) * ($0.x - p.0) + ($0.y - p.1) * ($0.y - p.1) < 6.25 }) {
                return p
            }
        }
        return best
    }

    private static func spot(inSquare side: Double, avoiding others: [Place], rng: inout SeededRandom) -> (Double, Double) {
        var p = (0.0, 0.0)
        for _ in 0..<200 {
            p = (rng.uniform(-side / 2, side / 2), rng.uniform(-side / 2, side / 2))
            if !others.contains(where: { ($0.x - p.0) * ($0.x - p.0) + ($0.y - p.1) * ($0.y - p.1) < 0.36 }) { break }
        }
        return p
    }

    // MARK: - Travel times

    /// Shortest paths over a road graph: per road group a minimum spanning tree, a road from each
    /// site to its district's main school, and roads to each site's two nearest neighbours. School bus speed 45 km/h (Arctic winter roads 40 km/h) plus a
    /// fixed 2 (5) minutes to start and stop.
    private static func roadMinutes(_ g: Geography, arctic: Bool, rng: inout SeededRandom) -> [[Int?]] {
        let n = g.count
        var road = [Double](repeating: .infinity, count: n * n)  // direct road km
        func link(_ a: Int, _ b: Int) {
            guard a != b, road[a * n + b] == .infinity else { return }
            let km = g.distance(a, b) * rng.uniform(1.15, 1.45)
            road[a * n + b] = km
            road[b * n + a] = km
        }
        let groups = Array(Set(g.places.map(\.roadGroup))).sorted()
        for group in groups {
            let members = g.places.indices.filter { g.places[$0].roadGroup == group }
            guard members.count > 1 else { continue }
            // Prim's minimum spanning tree, O(k²).
            var inTree = [Bool](repeating: false, count: members.count)
            var best = [Double](repeating: .infinity, count: members.count)
            var parent = [Int](repeating: -1, count: members.count)
            best[0] = 0
            for _ in 0..<members.count {
                var u = -1
                for i in members.indices where !inTree[i] && (u < 0 || best[i] < best[u]) { u = i }
                inTree[u] = true
                if parent[u] >= 0 { link(members[parent[u]], members[u]) }
                for v in members.indices where !inTree[v] {
                    let d = g.distance(members[u], members[v])
                    if d < best[v] { best[v] = d; parent[v] = u }
                }
            }
            for a in members {
                // Every village has a road to its district's main school.
                let hub = g.hubs[g.places[a].district]
                if g.places[hub].roadGroup == group { link(a, hub) }
                let nearest = members.filter { $0 != a }.sorted { (g.distance(a, $0), $0) < (g.distance(a, $1), $1) }
                for b in nearest.prefix(2) { link(a, b) }
            }
        }
        let speed = arctic ? 40.0 : 45.0, overhead = arctic ? 5 : 2
        var out = [[Int?]](repeating: [Int?](repeating: nil, count: n), count: n)
        for s in 0..<n {
            // Dijkstra, O(n²) with an array: fine for a few hundred sites.
            var dist = [Double](repeating: .infinity, count: n)
            var done = [Bool](repeating: false, count: n)
            dist[s] = 0
            for _ in 0..<n {
                var u = -1
                for i in 0..<n where !done[i] && dist[i] < .infinity && (u < 0 || dist[i] < dist[u]) { u = i }
                if u < 0 { break }
                done[u] = true
                for v in 0..<n where !done[v] {
                    let w = road[u * n + v]
                    if w < .infinity && dist[u] + w < dist[v] { dist[v] = dist[u] + w }
                }
            }
            for t in 0..<n where dist[t] < .infinity {
                out[s][t] = s == t ? 0 : Int((dist[t] / speed * 60).rounded()) + overhead
            }
        }
        // Shortest paths are symmetric up to rounding; make the matrix exactly so.
        for a in 0..<n { for b in (a + 1)..<max(a + 1, n) where out[a][b] != out[b][a] {
            let m = [out[a][b], out[b][a]].compactMap { $0 }.min()
            out[a][b] = m; out[b][a] = m
        } }
        return out
    }

    /// Public transport in the city: 6 minutes of walking and waiting plus 20 km/h over a route
    /// 1.3 times the straight line.
    private static func cityMinutes(_ g: Geography, rng: inout SeededRandom) -> [[Int?]] {
        let n = g.count
        var out = [[Int?]](repeating: [Int?](repeating: 0, count: n), count: n)
        for a in 0..<n {
            for b in (a + 1)..<max(a + 1, n) {
                let m = 6 + Int((g.distance(a, b) * 1.3 / 20 * 60).rounded())
                out[a][b] = m
                out[b][a] = m
            }
        }
        return out
    }
}

/// Invented but plausible place names (Russian village roots and endings), unique ids.
struct NameBook {
    private var usedIds: Set<String> = []
    private var usedNames: Set<String> = []
    private let roots: [String]
    private let endings: [String]
    let capital: String

    init(profile: GeneratorParameters.Profile) {
        switch profile {
        case .arctic:
            roots = ["Nyd", "Gyd", "Seyakh", "Yar", "Tadeb", "Khalas", "Panaev", "Salem", "Syunay", "Labor", "Shchuch", "Aksar",
                     "Katrav", "Kharsay", "Tazov", "Numto", "Yambur", "Purov", "Nakhod", "Antip", "Messo", "Tarko", "Nori", "Urengo",
                     "Khanto", "Samburg", "Halyasa", "Muzhev", "Ovgor", "Peshk", "Kutop", "Lopkh", "Yamgort", "Kazym", "Polnovat"]
            endings = ["a", "sale", "vey", "ovo", "yuta", "to", "ka", "i", "insk", "ye"]
            capital = "Salekhard"
        case .city:
            roots = ["Novogorsk"]
            endings = [""]
            capital = "Novogorsk"
        case .district:
            roots = ["Berez", "Ivan", "Vasil", "Pokrov", "Urits", "Novosil", "Bork", "Lipov", "Sosnov", "Kamen", "Dubrov", "Ozer",
                     "Krasn", "Zarech", "Mikhail", "Nikol", "Petrov", "Alexandr", "Troits", "Uspen", "Voskresen", "Znamen",
                     "Rozhdestven", "Ostrov", "Polyan", "Kurgan", "Sokol", "Orlov", "Lebed", "Zhuravl", "Ryabin", "Kalin", "Malin",
                     "Yasen", "Topol", "Olkh", "Klen", "Lugov", "Stepan", "Verkhn", "Nizhn", "Kolod", "Grach", "Vishn", "Rudn",
                     "Sergiev", "Dmitriev", "Annin", "Elan", "Terbun", "Volch", "Lozov", "Glinish", "Sukhod", "Dolgor"]
            endings = ["ovka", "evka", "ino", "ovo", "skoe", "ki", "oye", "itsy", "any", "ets"]
            capital = "Lipetsk"
        }
    }

    /// A fresh locality name.
    mutating func locality(_ rng: inout SeededRandom) -> String {
        for _ in 0..<50 {
            let name = rng.element(roots) + rng.element(endings)
            if usedNames.insert(name).inserted { return name }
        }
        var k = 2
        while true {
            let name = rng.element(roots) + rng.element(endings) + " \(k)"
            if usedNames.insert(name).inserted { return name }
            k += 1
        }
    }

    /// A unique lowercase id made from `text`.
    mutating func id(_ text: String) -> String {
        var base = ""
        for ch in text.lowercased() {
            if ch.isASCII && (ch.isLetter || ch.isNumber) { base.append(ch) } else if !base.hasSuffix("-") && !base.isEmpty { base.append("-") }
        }
        while base.hasSuffix("-") { base.removeLast() }
        if base.isEmpty { base = "site" }
        var id = base, k = 2
        while !usedIds.insert(id).inserted {
            id = "\(base)-\(k)"
            k += 1
        }
        return id
    }
}
