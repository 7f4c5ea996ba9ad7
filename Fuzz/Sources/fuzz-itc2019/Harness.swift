import Foundation
import FuzzDriver
import TimetablingITC2019

/// A small problem every solution input is judged against (two rooms with travel, a parent, every
/// kind of distribution that needs all its classes, a student).
let problem: ITCProblem? = try? ITCProblemReader.read(Data("""
    <problem name="fuzz" nrDays="7" nrWeeks="2" slotsPerDay="288">
    <optimization time="1" room="1" distribution="1" student="1"/>
    <rooms><room id="1" capacity="9"><travel room="2" value="3"/><unavailable days="0000001" start="0" length="288" weeks="11"/></room>
    <room id="2" capacity="9"/></rooms>
    <courses><course id="1"><config id="1">
    <subpart id="1"><class id="1" limit="1"><room id="1"/><room id="2" penalty="1"/>
      <time days="1000000" start="100" length="10" weeks="11"/><time days="0000001" start="90" length="12" weeks="10" penalty="2"/></class></subpart>
    <subpart id="2"><class id="2" limit="1" parent="1" room="false"><time days="1000000" start="105" length="10" weeks="01"/></class></subpart>
    </config></course></courses>
    <distributions>
    <distribution type="MaxBlock(5,2)" required="true"><class id="1"/><class id="2"/></distribution>
    <distribution type="MaxBreaks(0,1)" penalty="3"><class id="2"/><class id="1"/></distribution>
    <distribution type="MaxDayLoad(5)" penalty="3"><class id="1"/><class id="2"/></distribution>
    <distribution type="Precedence" penalty="1"><class id="2"/><class id="1"/></distribution>
    </distributions>
    <students><student id="s"><course id="1"/></student></students>
    </problem>
    """.utf8))

/// One input, read both as a problem and as a solution of the problem above (then validated).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzITC2019(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    if let p = try? ITCProblemReader.read(data) {
        _ = ITCValidator(p).evaluate(ITCAssignment(emptyFor: p))
    }
    if let problem, let solution = try? ITCSolutionReader.read(data) {
        _ = ITCValidator(problem).validate(solution)
        _ = ITCValidator(problem, options: ITCValidationOptions(maxBlockExemptsSameStart: true)).validate(solution)
    }
    return 0
}

@_cdecl("fuzz_itc2019_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzITC2019)
}
