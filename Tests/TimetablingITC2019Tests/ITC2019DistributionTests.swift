import XCTest
@testable import TimetablingITC2019

/// One test per distribution type, each with a penalty computed by hand from the published rules
/// (penalty 3 per violation; pairs for the pairwise types).
final class ITC2019DistributionTests: XCTestCase {
    func testSameStartCountsPairsWithAnotherStart() throws {
        // c3 starts elsewhere: pairs (1,3) and (2,3) → 2 × 3.
        try assertDistribution("SameStart", [C("1", MON, 100, 10), C("2", TUE, 100, 20), C("3", MON, 110, 10)], softPenalty: 6)
        try assertDistribution("SameStart", [C("1", MON, 100, 10), C("2", TUE, 100, 20)], softPenalty: 0)
    }

    func testSameTimeNeedsOneInsideTheOther() throws {
        // c2 (105–115) lies inside c1 (100–120); c3 (110–130) contains neither and is inside neither.
        try assertDistribution("SameTime", [C("1", MON, 100, 20), C("2", TUE, 105, 10), C("3", WED, 110, 20)], softPenalty: 6)
    }

    func testDifferentTimeIgnoresDays() throws {
        // 100–110 and 110–120 touch (allowed); 105–115 overlaps both in time of day, though on another day.
        try assertDistribution("DifferentTime", [C("1", MON, 100, 10), C("2", MON, 110, 10), C("3", TUE, 105, 10)], softPenalty: 6)
    }

    func testSameDaysAllowsASubset() throws {
        // Monday ⊂ MWF; Tuesday is a subset of neither.
        try assertDistribution("SameDays", [C("1", "1010100", 100, 10), C("2", MON, 120, 10), C("3", TUE, 100, 10)], softPenalty: 6)
    }

    func testDifferentDays() throws {
        try assertDistribution("DifferentDays", [C("1", MON, 100, 10), C("2", TUE, 100, 10), C("3", "1100000", 200, 10)], softPenalty: 6)
    }

    func testSameWeeksAllowsASubset() throws {
        // 011 ⊂ 111; 100 and 011 are disjoint, neither a subset: one pair.
        try assertDistribution("SameWeeks", [C("1", MON, 100, 10, weeks: "111"), C("2", TUE, 100, 10, weeks: "100"),
                                             C("3", WED, 100, 10, weeks: "011")], softPenalty: 3, nrWeeks: 3)
    }

    func testDifferentWeeks() throws {
        try assertDistribution("DifferentWeeks", [C("1", MON, 100, 10, weeks: "100"), C("2", MON, 100, 10, weeks: "010"),
                                                  C("3", MON, 100, 10, weeks: "001"), C("4", MON, 200, 10, weeks: "110")],
                               softPenalty: 6, nrWeeks: 3)
    }

    func testOverlapNeedsTimeDayAndWeek() throws {
        // c1, c2 overlap on Monday; c3 is on Tuesday (no common day with either).
        try assertDistribution("Overlap", [C("1", MON, 100, 20), C("2", MON, 110, 20), C("3", TUE, 100, 20)], softPenalty: 6)
        // Same time and day, disjoint weeks: no overlap.
        try assertDistribution("Overlap", [C("1", MON, 100, 20, weeks: "10"), C("2", MON, 100, 20, weeks: "01")], softPenalty: 3)
    }

    func testNotOverlap() throws {
        try assertDistribution("NotOverlap", [C("1", MON, 100, 20), C("2", MON, 110, 20), C("3", TUE, 100, 20),
                                              C("4", MON, 100, 20, weeks: "00")], softPenalty: 3)
    }

    func testSameRoom() throws {
        try assertDistribution("SameRoom", [C("1", MON, 100, 10, rooms: ["r1"]), C("2", TUE, 100, 10, rooms: ["r1"]),
                                            C("3", WED, 100, 10, rooms: ["r2"])], softPenalty: 6)
    }

    func testDifferentRoom() throws {
        try assertDistribution("DifferentRoom", [C("1", MON, 100, 10, rooms: ["r1"]), C("2", TUE, 100, 10, rooms: ["r1"]),
                                                 C("3", WED, 100, 10, rooms: ["r2"])], softPenalty: 3)
    }

    func testSameAttendeesCountsTravel() throws {
        // r1→r2 takes 5 slots: c1 ends at 110 in r1, c2 starts at 112 in r2 (too close); c3 at 130 in r1
        // is 10 slots after c2 ends (enough) and after c1 in the same room.
        try assertDistribution("SameAttendees", [C("1", MON, 100, 10, rooms: ["r1"]), C("2", MON, 112, 8, rooms: ["r2"]),
                                                 C("3", MON, 130, 10, rooms: ["r1"])], softPenalty: 3)
        // Without rooms no travel is needed: back to back is fine.
        try assertDistribution("SameAttendees", [C("1", MON, 100, 10), C("2", MON, 110, 8)], softPenalty: 0)
    }

    func testPrecedenceFollowsTheListedOrder() throws {
        // Listed 1, 2, 3: c1 (Tue) is not before c2 (Mon); c1 ends at 110 when c3 starts (allowed); c2 before c3.
        try assertDistribution("Precedence", [C("1", TUE, 100, 10), C("2", MON, 100, 10), C("3", TUE, 110, 10)], softPenalty: 3)
        // An earlier first week wins over a later day: c1 Friday of week 1 precedes c2 Monday of week 2.
        try assertDistribution("Precedence", [C("1", "0000100", 100, 10, weeks: "11"), C("2", MON, 50, 10, weeks: "01")], softPenalty: 0)
    }

    func testWorkDay() throws {
        // c1–c2 on Monday span 100–125 = 25 > 20; c3 on Tuesday shares no day with them.
        try assertDistribution("WorkDay(20)", [C("1", MON, 100, 10), C("2", MON, 115, 10), C("3", TUE, 100, 30)], softPenalty: 3)
    }

    func testMinGap() throws {
        // c1 ends 110, c2 starts 113 (gap 3 < 5); c2 ends 120, c3 starts 125 (gap 5, allowed).
        try assertDistribution("MinGap(5)", [C("1", MON, 100, 10), C("2", MON, 113, 7), C("3", MON, 125, 5)], softPenalty: 3)
    }

    func testMaxDaysCountsDaysOver() throws {
        // Mon, Tue, Wed+Thu: 4 days, 2 over D = 2 → 2 × 3.
        try assertDistribution("MaxDays(2)", [C("1", MON, 100, 10), C("2", TUE, 100, 10), C("3", "0011000", 100, 10)], softPenalty: 6)
        try assertDistribution("MaxDays(2)", [C("1", MON, 100, 10), C("2", "1100000", 200, 10)], softPenalty: 0)
    }

    func testMaxDayLoadDividesByTheWeeksAtTheEnd() throws {
        // Monday of week 1: 15 + 10 = 25 slots, 5 over S = 20; week 2 only 15. (3 × 5) / 2 weeks = 7.
        try assertDistribution("MaxDayLoad(20)", [C("1", MON, 100, 15, weeks: "11"), C("2", MON, 200, 10, weeks: "10")], softPenalty: 7)
        // 1 slot over in one week: (3 × 1) / 2 = 1; still a violation when required.
        try assertDistribution("MaxDayLoad(20)", [C("1", MON, 100, 11, weeks: "11"), C("2", MON, 200, 10, weeks: "10")], softPenalty: 1)
        // (1 × 1) / 2 = 0 when soft, but the required form is broken.
        let soft = try judge("MaxDayLoad(20)", [C("1", MON, 100, 11), C("2", MON, 200, 10, weeks: "10")], required: false, penalty: 1)
        XCTAssertEqual(soft.distributionPenalty, 0)
        try assertDistribution("MaxDayLoad(20)", [C("1", MON, 100, 11), C("2", MON, 200, 10, weeks: "10")], softPenalty: 1)
    }

    func testMaxBreaksCountsBlocksOverRPlusOne() throws {
        // Monday: 100–110, 120–130, 140–150 are 10 apart (> S = 5): 3 blocks, 1 break over R = 1, in both
        // weeks → 2; (3 × 2) / 2 = 3. A gap of exactly S keeps a block: 100–110 and 115–120 are one block.
        try assertDistribution("MaxBreaks(1,5)", [C("1", MON, 100, 10), C("2", MON, 120, 10), C("3", MON, 140, 10)], softPenalty: 3)
        try assertDistribution("MaxBreaks(0,5)", [C("1", MON, 100, 10), C("2", MON, 115, 5)], softPenalty: 0)
        // Tuesday classes do not add to Monday's breaks.
        try assertDistribution("MaxBreaks(1,5)", [C("1", MON, 100, 10), C("2", MON, 120, 10), C("3", TUE, 140, 10)], softPenalty: 0)
    }

    func testMaxBlockCountsBlocksOfTwoOrMoreClasses() throws {
        // Monday 100–110 and 112–125 (gap 2 ≤ S = 5): one block of 25 > M = 20 in each of 2 weeks → (3 × 2) / 2 = 3.
        // Tuesday's 30-slot class alone is no block.
        try assertDistribution("MaxBlock(20,5)", [C("1", MON, 100, 10), C("2", MON, 112, 13), C("3", TUE, 100, 30)], softPenalty: 3)
        try assertDistribution("MaxBlock(20,5)", [C("1", TUE, 100, 30)], softPenalty: 0)
    }

    func testMaxBlockOfClassesStartingTogetherFollowsTheTextUnlessAsked() throws {
        // Two classes starting at 100 (25 and 10 slots) form one block of 25 > 20 in both weeks.
        let classes = [C("1", MON, 100, 25), C("2", MON, 100, 10)]
        let text = try judge("MaxBlock(20,5)", classes, required: false)
        XCTAssertEqual(text.distributionPenalty, 3, "the published text counts the block")
        let unitime = try judge("MaxBlock(20,5)", classes, required: false, options: ITCValidationOptions(maxBlockExemptsSameStart: true))
        XCTAssertEqual(unitime.distributionPenalty, 0, "UniTime's reading exempts a block whose classes start together")
        XCTAssertFalse(try judge("MaxBlock(20,5)", classes, required: true).valid)
        XCTAssertTrue(try judge("MaxBlock(20,5)", classes, required: true, options: ITCValidationOptions(maxBlockExemptsSameStart: true)).valid)
    }

    func testEveryTypeNameReadsAndPrintsBack() {
        let names = ["SameStart", "SameTime", "DifferentTime", "SameDays", "DifferentDays", "SameWeeks", "DifferentWeeks", "Overlap",
                     "NotOverlap", "SameRoom", "DifferentRoom", "SameAttendees", "Precedence", "WorkDay(6)", "MinGap(2)", "MaxDays(3)",
                     "MaxDayLoad(72)", "MaxBreaks(1,12)", "MaxBlock(48,6)"]
        for n in names { XCTAssertEqual(ITCDistributionKind(type: n)?.description, n) }
        XCTAssertEqual(Set(names.compactMap { ITCDistributionKind(type: $0) }).count, 19)
        for bad in ["MaxBreaks(1)", "WorkDay", "SameStart(2)", "MaxBlock(a,b)", "Nope"] { XCTAssertNil(ITCDistributionKind(type: bad), bad) }
    }
}
