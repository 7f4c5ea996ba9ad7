import Foundation
import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines
@testable import TimetablingReports
@testable import TimetablingReplan
@testable import TimetablingGenerator
@testable import TimetablingFET

/// Fixture files live next to this file, under `Fixtures/fet/`.
enum FETFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("fet")
    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }
    static func document(_ name: String) throws -> FETDocument { try FETReader.read(contentsOf: url(name)).document }
    static func instance() throws -> Instance {
        let loaded = InstanceLoader.load(contentsOf: url("instance.json"))
        XCTAssertFalse(loaded.hasErrors, "\(loaded.diagnostics)")
        return try XCTUnwrap(loaded.instance)
    }
    static func mapping() throws -> FETMapping { try FETMapping.load(data: Data(contentsOf: url("mapping.json"))) }
}

final class FETReaderTests: XCTestCase {
    func testReadsTheWeekPeopleRoomsAndActivities() throws {
        let d = try FETFixtures.document("school.fet")
        XCTAssertEqual(d.version, "6.8.5")
        XCTAssertEqual(d.days, ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])
        XCTAssertEqual(d.hours, ["08:00", "09:00", "10:00", "11:00"])
        XCTAssertEqual(d.teachers, ["Anna", "Boris", "Clara"])
        XCTAssertEqual(d.years.map(\.name), ["5", "6"])
        XCTAssertEqual(d.years[0].groups.map(\.name), ["5a", "5b"])
        XCTAssertEqual(d.years[0].groups[0].subgroups.map(\.name), ["5a-en", "5a-de"])
        XCTAssertEqual(d.rooms.map(\.name), ["R1", "Lab", "Gym", "Hall"])
        XCTAssertEqual(d.rooms.map(\.isVirtual), [false, false, false, true])
        XCTAssertEqual(d.activities.count, 7)
        let a2 = try XCTUnwrap(d.activities.first { $0.id == 2 })
        XCTAssertEqual(a2.duration, 2)
        XCTAssertEqual(a2.totalDuration, 3)
        XCTAssertEqual(a2.activityGroupId, 1)
        XCTAssertEqual(a2.students, ["5a"])
        XCTAssertEqual(d.activities.first { $0.id == 7 }?.teachers, ["Anna", "Boris"])
        XCTAssertEqual(d.activities.first { $0.id == 5 }?.active, false)
        XCTAssertEqual(d.timeConstraints.map(\.type), ["ConstraintBasicCompulsoryTime", "ConstraintMinDaysBetweenActivities", "ConstraintTeacherNotAvailableTimes"])
        XCTAssertEqual(d.timeConstraints[1].weightPercentage, 95)
        XCTAssertFalse(d.timeConstraints[1].isHard)
    }

    func testStudentsHierarchyRelatesYearsGroupsAndSubgroups() throws {
        let h = try FETFixtures.document("school.fet").studentsHierarchy
        XCTAssertEqual(h.names, ["5", "5a", "5a-en", "5a-de", "5b", "6"])
        XCTAssertEqual(h.related("5a-en"), ["5a-en", "5a", "5"])
        XCTAssertEqual(h.related("5a"), ["5a", "5", "5a-en", "5a-de"])
        XCTAssertEqual(h.related("6"), ["6"])
    }

    func testMalformedAndForeignFilesAreInputErrorsWithAPlace() {
        XCTAssertThrowsError(try FETReader.read(data: Data("<fet><Days_List>".utf8))) { error in
            let e = error as? InputError
            XCTAssertEqual(e?.diagnostics.first?.path.hasPrefix("line"), true, "\(error)")
        }
        XCTAssertThrowsError(try FETReader.read(data: Data("<timetable/>".utf8))) { error in
            XCTAssertTrue("\(error)".contains("not <fet>"), "\(error)")
        }
        XCTAssertThrowsError(try FETReader.read(data: Data([0x1f, 0x8b, 0, 0]))) { error in
            XCTAssertTrue("\(error)".contains("gunzip"), "\(error)")
        }
        let dup = """
            <fet><Days_List><Day><Name>D</Name></Day></Days_List><Hours_List><Hour><Name>H</Name></Hour></Hours_List>
            <Activities_List><Activity><Id>1</Id></Activity><Activity><Id>1</Id></Activity></Activities_List></fet>
            """
        XCTAssertThrowsError(try FETReader.read(data: Data(dup.utf8))) { error in
            XCTAssertTrue("\(error)".contains("activity id 1 is used again"), "\(error)")
        }
    }

    /// Found by fuzzing (scripts/fuzz.sh fet): bytes that are not UTF-8 in an element's name or in a
    /// comment made FoundationXML's parser trap, crashing `netsched fet-solve` and `import-fet`.
    func testBytesThatAreNotUTF8AreAnErrorWithTheirLineNotACrash() {
        let inName = Data("<fet>\n<Days_List>\n<Na".utf8) + Data([0xFF]) + Data("me>D</Name></Days_List></fet>".utf8)
        let inComment = Data("<fet>\n<!-- ".utf8) + Data([0x97]) + Data(" -->\n</fet>".utf8)
        for (data, line) in [(inName, "line 3"), (inComment, "line 2")] {
            XCTAssertThrowsError(try FETReader.read(data: data)) { error in
                let d = (error as? InputError)?.diagnostics.first
                XCTAssertEqual(d?.path, line, "\(error)")
                XCTAssertTrue(d?.message.contains("not valid UTF-8") == true, "\(error)")
            }
        }
        XCTAssertNil(firstInvalidUTF8(Data("<fet>Степь — ёлка</fet>".utf8)), "multi-byte UTF-8 is valid")
        // A processing instruction without data (valid XML) made the parser dereference null.
        XCTAssertThrowsError(try FETReader.read(data: Data("<?xml version=\"1.0\"?>\n<?raint?>\n<fet version=\"6\"><Days_List></fet>".utf8))) { error in
            XCTAssertEqual((error as? InputError)?.diagnostics.first?.path, "line 3", "\(error)")
        }
        // …and one whose target only starts like the declaration, first in the file.
        XCTAssertThrowsError(try FETReader.read(data: Data([0xEF, 0xBB, 0xBF]) + Data("<?xmlNuv?>\n<fet></fet>".utf8)))
        // …and a declaration not closed by '?>', which libxml2 goes on to read as an instruction.
        XCTAssertThrowsError(try FETReader.read(data: Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?ISO-1>\n<fet></fet>".utf8))) { error in
            XCTAssertTrue("\(error)".contains("declaration is not closed"), "\(error)")
        }
        // An instruction never closed, and one closed by '>' alone, are blanked too.
        for text in ["<fet><?pi data</fet>", "<fet><?pi></fet>"] {
            XCTAssertThrowsError(try FETReader.read(data: Data(text.utf8)), text)
        }
        XCTAssertEqual(firstInvalidUTF8(Data([0x41, 0xD0])), 1, "a sequence cut short at the end")
    }
}

final class FETPlacementsTests: XCTestCase {
    func testReadsStartingTimesAndRoomsOfASolvedFile() throws {
        let p = FETPlacements(try FETFixtures.document("school_data_and_timetable.fet"))
        XCTAssertEqual(p.diagnostics, [])
        XCTAssertEqual(p.byActivity[2], .init(day: "Tuesday", hour: "09:00", rooms: ["Lab"]))
        XCTAssertEqual(p.byActivity[7], .init(day: "Friday", hour: "10:00", rooms: ["Hall", "R1", "Lab"]))
        XCTAssertEqual(p.unplaced, [6], "the inactive activity 5 is not reported as unplaced")
    }

    func testAFileFETSolvedItselfHasEveryActivePlaced() throws {
        // Written by `fet-cl` from school.fet plus a preferred room "Hall" for activity 7: the
        // file's own room constraint and FET's (with the real rooms chosen) must agree.
        let d = try FETFixtures.document("fet-cl-solved_data_and_timetable.fet")
        let p = FETPlacements(d)
        XCTAssertEqual(p.diagnostics, [])
        XCTAssertEqual(p.unplaced, [])
        XCTAssertEqual(p.byActivity.count, 6)
        XCTAssertEqual(p.byActivity[7]?.rooms, ["Hall", "R1", "Lab"])
    }

    func testAnActivityPlacedTwiceIsAnError() throws {
        var d = try FETFixtures.document("school_data_and_timetable.fet")
        var extra = try XCTUnwrap(d.timeConstraints.last { $0.type == "ConstraintActivityPreferredStartingTime" })
        let id = extra.text("Activity_Id")
        extra.element.children = extra.element.children.map { c in
            var c = c
            if c.name == "Preferred_Day" { c.text = c.text == "Monday" ? "Tuesday" : "Monday" }
            return c
        }
        d.timeConstraints.append(extra)
        let p = FETPlacements(d)
        XCTAssertEqual(p.diagnostics.count, 1)
        XCTAssertTrue(p.diagnostics[0].message.contains("activity \(id ?? "") is placed twice"), "\(p.diagnostics)")
    }
}

final class FETImportTests: XCTestCase {
    func testImportsBusyPeriodsOfClassesTeachersAndRooms() throws {
        let result = FETImport.apply(try FETFixtures.document("school_data_and_timetable.fet"),
                                     mapping: try FETFixtures.mapping(), to: try FETFixtures.instance())
        XCTAssertFalse(result.hasErrors, "\(result.diagnostics)")
        let i = result.instance
        func busy<T>(_ items: [T], _ id: String, _ key: KeyPath<T, String>, _ b: KeyPath<T, BusyPeriods>) -> BusyPeriods? {
            items.first { $0[keyPath: key] == id }?[keyPath: b]
        }
        // Year 5 is busy for its own lesson, its group 5a's double lesson and subgroup 5a-en's lesson.
        XCTAssertEqual(busy(i.classes, "c5", \.id, \.busy), ["mon": [1], "tue": [2, 3], "wed": [1], "fri": [3]])
        XCTAssertEqual(busy(i.classes, "c6", \.id, \.busy), ["thu": [4], "fri": [3]])
        XCTAssertEqual(busy(i.teachers, "t-anna", \.id, \.busy), ["mon": [1], "tue": [2, 3], "fri": [3]])
        XCTAssertEqual(busy(i.teachers, "t-boris", \.id, \.busy), ["wed": [1], "fri": [3]])
        // r1 keeps its own busy period (fri 5) and gets the real room of the virtual Hall (fri 3).
        XCTAssertEqual(busy(i.rooms, "r1", \.id, \.busy), ["mon": [1], "wed": [1], "fri": [3, 5]])
        XCTAssertEqual(busy(i.rooms, "lab", \.id, \.busy), ["tue": [2, 3], "fri": [3]])
        let s = result.statistics
        XCTAssertEqual(s.placedActivities, 5)
        XCTAssertEqual(s.unplacedActivities, 1)
        XCTAssertEqual(s.importedActivities, 5)
        XCTAssertEqual(s.classPeriodsAdded, 7)
        XCTAssertEqual(s.unmappedUses, 0)
        XCTAssertEqual(s.ignoredUses, 3, "Clara, Gym and Hall are mapped to null")
        XCTAssertEqual(result.diagnostics.map(\.severity), [.warning], "only the unplaced activity 6 is reported")
        // The result is still a valid instance.
        let data = try JSONEncoder().encode(i)
        XCTAssertFalse(InstanceLoader.load(data: data).hasErrors)
    }

    func testUnmappedNamesAreReportedWithCountsNotDropped() throws {
        var mapping = try FETFixtures.mapping()
        mapping.students["6"] = nil
        mapping.teachers["Boris"] = .unfilled
        mapping.hours["11:00"] = nil
        let doc = try FETFixtures.document("school_data_and_timetable.fet")
        let result = FETImport.apply(doc, mapping: mapping, to: try FETFixtures.instance())
        XCTAssertTrue(result.hasErrors)
        let errors = result.diagnostics.filter { $0.severity == .error }
        XCTAssertEqual(errors.map(\.path), ["mapping.hours[\"11:00\"]", "mapping.students[\"6\"]", "mapping.teachers[\"Boris\"]"])
        XCTAssertTrue(errors[1].message.contains("2 placed activities (2 periods)"), errors[1].message)
        XCTAssertTrue(errors[2].message.contains("2 placed activities (2 periods)"), errors[2].message)
        XCTAssertEqual(result.statistics.unmappedUses, 5)

        let lenient = FETImport.apply(doc, mapping: mapping, to: try FETFixtures.instance(), options: .init(allowUnmapped: true))
        XCTAssertFalse(lenient.hasErrors)
        XCTAssertEqual(lenient.diagnostics.filter { $0.path.hasPrefix("mapping.") }.count, 3)
    }

    func testSubgroupsCoverTheirYearAndMappingToNullLeavesOut() throws {
        var mapping = try FETFixtures.mapping()
        mapping.students = ["5a-en": .to(.init(["c5"])), "5a-de": .ignored, "5b": .ignored, "5": .ignored, "6": .ignored]
        let result = FETImport.apply(try FETFixtures.document("school_data_and_timetable.fet"), mapping: mapping, to: try FETFixtures.instance())
        XCTAssertFalse(result.hasErrors, "\(result.diagnostics)")
        // Year 5's and group 5a's lessons involve subgroup 5a-en too; 5b's lesson does not.
        XCTAssertEqual(result.instance.classes.first { $0.id == "c5" }?.busy, ["mon": [1], "tue": [2, 3], "wed": [1]])
        XCTAssertEqual(result.instance.classes.first { $0.id == "c6" }?.busy, [:])
    }

    func testUnknownIdsInTheMappingAreErrorsAndStrayNamesWarnings() throws {
        var mapping = try FETFixtures.mapping()
        mapping.students["5"] = .to(.init(["c5", "c9"]))
        mapping.days["Monday"] = .to("monday")
        mapping.hours["08:00"] = .to(9)
        mapping.rooms["Attic"] = .to("r1")
        let result = FETImport.apply(try FETFixtures.document("school_data_and_timetable.fet"), mapping: mapping, to: try FETFixtures.instance())
        let paths = result.diagnostics.map { "\($0.severity.rawValue) \($0.path)" }
        XCTAssertTrue(paths.contains("error mapping.students[\"5\"]"), "\(paths)")
        XCTAssertTrue(paths.contains("error mapping.days[\"Monday\"]"), "\(paths)")
        XCTAssertTrue(paths.contains("error mapping.hours[\"08:00\"]"), "\(paths)")
        XCTAssertTrue(paths.contains("warning mapping.rooms[\"Attic\"]"), "\(paths)")
    }

    func testReplaceClearsTheMappedEntitiesFirst() throws {
        let result = FETImport.apply(try FETFixtures.document("school_data_and_timetable.fet"), mapping: try FETFixtures.mapping(),
                                     to: try FETFixtures.instance(), options: .init(replace: true))
        XCTAssertEqual(result.instance.rooms.first { $0.id == "r1" }?.busy, ["mon": [1], "wed": [1], "fri": [3]])
    }

    func testTemplateListsEveryNameAndRoundTrips() throws {
        let doc = try FETFixtures.document("school_data_and_timetable.fet")
        let template = FETMappingTemplate.make(for: doc, instance: try FETFixtures.instance())
        XCTAssertEqual(Set(template.students.keys), ["5", "5a", "5a-en", "5a-de", "5b", "6"])
        XCTAssertEqual(Set(template.rooms.keys), ["R1", "Lab", "Gym", "Hall"])
        XCTAssertEqual(template.teachers["Anna"], .unfilled)
        XCTAssertEqual(template.days["Monday"], .to("mon"), "same number of days: filled in by position")
        XCTAssertEqual(template.hours["08:00"], .unfilled, "4 FET hours, 5 periods: left to fill in")
        let decoded = try FETMapping.load(data: try template.jsonData())
        XCTAssertEqual(decoded, template)
        // An unfilled template reports every name the timetable uses.
        let result = FETImport.apply(doc, mapping: template, to: try FETFixtures.instance())
        XCTAssertEqual(Set(result.diagnostics.filter { $0.severity == .error }.map(\.path)).count, 4 + 5 + 3 + 4,
                       "hours; students sets 5, 5a, 5a-en, 6, 5b; teachers; rooms (days are filled in)")
    }

    func testMappingValuesOfTheWrongKindAreReportedWithTheirPlace() {
        XCTAssertThrowsError(try FETMapping.load(data: Data(#"{"hours": {"08:00": "first"}}"#.utf8))) { error in
            XCTAssertTrue("\(error)".contains("hours"), "\(error)")
        }
    }
}
